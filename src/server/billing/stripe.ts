/** The Stripe client, one per process (on globalThis: Next and server.ts load this module separately). */
import Stripe from 'stripe';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/http/errors';
import { processState } from '@/server/runtime';

const holder = processState<{ client?: Stripe }>('stripe', () => ({}));

export const billingDisabled = () =>
  new AppError(404, 'billing_disabled', 'Billing is not enabled on this installation; every account gets the same plan.');

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
  const message = error instanceof Stripe.errors.StripeError ? error.message : 'no answer';
  return new AppError(502, 'stripe_error', `Stripe refused or did not answer: ${message}`);
}
