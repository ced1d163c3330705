/** The Stripe client, one per process (on globalThis: Next and server.ts load this module separately). */
import Stripe from 'stripe';
import { getConfig } from '@/server/config';
import { AppError, translatedError } from '@/server/http/errors';
import { processState } from '@/server/runtime';

const holder = processState<{ client?: Stripe }>('stripe', () => ({}));

export const billingDisabled = () =>
  translatedError(404, 'billing_disabled', 'errors.billing.disabled');

/** Throws 404 `billing_disabled` when STRIPE_SECRET_KEY is not set. */
export function getStripe(): Stripe {
  const config = getConfig().stripe;
  if (!config) throw billingDisabled();
  if (!holder.client) {
    const url = config.apiUrl ? new URL(config.apiUrl) : undefined;
    holder.client = new Stripe(config.secretKey, {
      // Retries reuse the idempotency key, so a retried create never makes two objects.
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(url && {
        host: url.hostname,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        protocol: url.protocol === 'https:' ? 'https' : 'http',
      }),
    });
  }
  return holder.client;
}

/** Stripe's answer went wrong (down, misconfigured price): 502 with Stripe's own message, never the key. */
export function stripeFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) return translatedError(502, 'stripe_error', 'errors.billing.stripeNoAnswer');
  return translatedError(502, 'stripe_error', 'errors.billing.stripeRefused', { reason: error.message });
}
