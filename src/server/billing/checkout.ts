/** Starting Stripe Checkout (plans and token packs) and the customer portal. */
import { and, eq, inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { subscriptions, type User } from '@/server/db/schema';
import { conflict, translatedError } from '@/server/http/errors';
import { planLookupKey, productByLookupKey, smsPackLookupKey, tokenPackLookupKey, type Interval, type PaidTier, type SmsPack, type TokenPack } from './catalog';
import { ensureStripeCustomer } from './customers';
import { getStripe, stripeFailure } from './stripe';
import { LIVE_STATUSES } from './subscriptions';
import { requireSms } from '@/server/notifications/channels/sms';

export type CheckoutRequest = { plan: PaidTier; interval: Interval } | { token_pack: TokenPack } | { sms_pack: SmsPack };

const lookupKeyOf = (request: CheckoutRequest) =>
  'plan' in request ? planLookupKey(request.plan, request.interval) : 'token_pack' in request ? tokenPackLookupKey(request.token_pack) : smsPackLookupKey(request.sms_pack);

async function activePrice(lookupKey: string): Promise<Stripe.Price> {
  const { data } = await getStripe().prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  if (!data[0]) {
    throw translatedError(503, 'price_missing', 'errors.billing.priceMissing', { lookupKey });
  }
  return data[0];
}

export async function startCheckout(user: User, request: CheckoutRequest): Promise<{ url: string }> {
  const lookupKey = lookupKeyOf(request);
  const product = productByLookupKey(lookupKey)!;
  if (product.kind === 'sms') requireSms();
  if (product.kind === 'plan') {
    const db = await getDb();
    const [live] = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.userId, user.id), inArray(subscriptions.status, LIVE_STATUSES)));
    if (live) throw conflict('subscription_exists', 'errors.billing.subscriptionExists');
  }
  const appUrl = getConfig().appUrl;
  try {
    const [customer, price] = await Promise.all([ensureStripeCustomer(user), activePrice(lookupKey)]);
    const session = await getStripe().checkout.sessions.create({
      mode: product.kind === 'plan' ? 'subscription' : 'payment',
      customer,
      client_reference_id: user.id,
      line_items: [{ price: price.id, quantity: 1 }],
      // The webhook reads these back: which user, and what was bought.
      metadata: { user_id: user.id, lookup_key: lookupKey },
      ...(product.kind === 'plan' && { subscription_data: { metadata: { user_id: user.id } } }),
      success_url: `${appUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${appUrl}/billing/cancel`,
    });
    if (!session.url) throw translatedError(502, 'stripe_error', 'errors.billing.checkoutWithoutUrl');
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}

export async function openPortal(user: User): Promise<{ url: string }> {
  try {
    const customer = await ensureStripeCustomer(user);
    const session = await getStripe().billingPortal.sessions.create({ customer, return_url: `${getConfig().appUrl}/billing` });
    return { url: session.url };
  } catch (error) {
    throw stripeFailure(error);
  }
}
