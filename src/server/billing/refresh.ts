/**
 * The checkout success page may come before Stripe's webhook: it fetches the
 * session's subscription and stores it (the same upsert the webhook does, so
 * whichever comes second changes nothing). Token packs are credited by the
 * webhook only, where the event id makes it exactly once.
 */
import type { User } from '@/server/db/schema';
import { getDb } from '@/server/db/client';
import { notFound } from '@/server/http/errors';
import { getStripe, stripeFailure } from './stripe';
import { customerIdOf, fetchSubscription, saveSubscription } from './subscriptions';

export async function refreshFromCheckout(user: User, sessionId: string) {
  try {
    const session = await getStripe().checkout.sessions.retrieve(sessionId);
    if (session.client_reference_id !== user.id) throw notFound('checkoutSession');
    const subscriptionId = customerIdOf(session.subscription);
    if (session.status === 'complete' && subscriptionId) {
      const sub = await fetchSubscription(subscriptionId);
      const db = await getDb();
      await db.transaction((tx) => saveSubscription(tx, user.id, sub));
    }
    return { mode: session.mode, status: session.status, payment_status: session.payment_status };
  } catch (error) {
    throw stripeFailure(error);
  }
}
