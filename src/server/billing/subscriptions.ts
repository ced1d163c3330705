/**
 * Our copy of a Stripe subscription. It is always written from the current
 * subscription fetched from Stripe, never from an event's snapshot, so events
 * arriving late or out of order cannot roll the state back.
 */
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { now } from '@/server/clock';
import type { Tx } from '@/server/db/client';
import { subscriptions } from '@/server/db/schema';
import { productByLookupKey } from './catalog';
import { getStripe } from './stripe';

/** Statuses in which a subscription still exists in Stripe and can be changed in the portal. */
export const LIVE_STATUSES = ['active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'paused'];

const toDate = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

export const fetchSubscription = (id: string) => getStripe().subscriptions.retrieve(id);

export const customerIdOf = (customer: string | { id: string } | null) =>
  typeof customer === 'string' ? customer : (customer?.id ?? null);

/** Stores the subscription for `userId`; returns what happened, for the admin's event list. */
export async function saveSubscription(tx: Tx, userId: string, sub: Stripe.Subscription): Promise<string> {
  const item = sub.items.data[0];
  const product = productByLookupKey(item?.price.lookup_key);
  if (product?.kind !== 'plan') return `ignored: subscription ${sub.id} has no plan price (lookup key ${item?.price.lookup_key ?? 'none'})`;
  const periodEnd = toDate(item.current_period_end);
  // A cancellation at a set time (cancel_at) ends the plan then, like one at period end.
  const cancelAt = toDate(sub.cancel_at);
  const values = {
    status: sub.status,
    tier: product.tier,
    interval: product.interval,
    priceLookupKey: product.lookupKey,
    currentPeriodEnd: cancelAt && periodEnd && cancelAt < periodEnd ? cancelAt : periodEnd,
    cancelAtPeriodEnd: sub.cancel_at_period_end || cancelAt !== null,
    trialEnd: toDate(sub.trial_end),
    updatedAt: now(),
  };
  const pastDueSince = sub.status === 'past_due' ? now() : null;
  await tx
    .insert(subscriptions)
    .values({ id: sub.id, userId, ...values, pastDueSince })
    .onConflictDoUpdate({
      target: subscriptions.id,
      set: {
        ...values,
        // The grace period counts from the first time we saw it past due.
        pastDueSince: pastDueSince ? sql`coalesce(${subscriptions.pastDueSince}, ${pastDueSince.toISOString()}::timestamptz)` : null,
      },
    });
  return `subscription ${sub.id}: ${sub.status}, ${product.tier} (${product.interval})${values.cancelAtPeriodEnd ? ', cancels at period end' : ''}`;
}
