/**
 * Stripe webhooks: verified on the raw body, then each event's effect and
 * its `webhook_events` row are written in one transaction, so a redelivered
 * event is a no-op and a failed one (rolled back, marked failed) is retried
 * by Stripe. Subscription state is fetched from Stripe before the
 * transaction (no transaction waits on the network).
 */
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, type Tx } from '@/server/db/client';
import { billingNotices, users, webhookEvents } from '@/server/db/schema';
import { badRequest } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { productByLookupKey } from './catalog';
import { billingDisabled, getStripe } from './stripe';
import { customerIdOf, fetchSubscription, saveSubscription } from './subscriptions';
import { emit } from '@/server/events/domain-events';

type Status = 'processed' | 'ignored';
/** `changed`: the user whose plan or tokens the effect changed (announced once committed). */
type Effect = (tx: Tx) => Promise<{ status: Status; outcome: string; changed?: string }>;
export type WebhookResult = { received: true; duplicate: boolean; status?: Status; outcome?: string };

const processed = (outcome: string) => ({ status: 'processed' as const, outcome });
const ignored = (outcome: string) => ({ status: 'ignored' as const, outcome });

export async function receiveStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookResult> {
  const config = getConfig().stripe;
  if (!config) throw billingDisabled();
  const receivedAt = now().getTime();
  const webhooks = getStripe().webhooks;
  let event: Stripe.Event;
  try {
    // The library's default tolerance (300 s) on our clock; the library refuses only signatures older than that…
    event = webhooks.constructEvent(rawBody, signature ?? '', config.webhookSecret, undefined, undefined, receivedAt);
  } catch {
    throw badRequest('invalid_signature', 'errors.billing.signatureMismatch');
  }
  // …so a signature dated further ahead (a replay kept for later) is refused here.
  if (signedAt(signature!) * 1000 - receivedAt > webhooks.DEFAULT_TOLERANCE * 1000) {
    throw badRequest('invalid_signature', 'errors.billing.signatureFuture');
  }
  return processEvent(event);
}

/** The `t=` of a `Stripe-Signature` header the library has accepted (so it has one), in seconds. */
function signedAt(header: string): number {
  return Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
}

/** The events that add a billing notice (announced once committed, for notifications). */
const NOTICE_OF: Partial<Record<Stripe.Event['type'], 'payment_failed' | 'trial_will_end'>> = {
  'invoice.payment_failed': 'payment_failed',
  'customer.subscription.trial_will_end': 'trial_will_end',
};

async function processEvent(event: Stripe.Event): Promise<WebhookResult> {
  const db = await getDb();
  const source = and(eq(webhookEvents.source, 'stripe'), eq(webhookEvents.externalId, event.id));
  const [seen] = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(and(source, ne(webhookEvents.status, 'failed')));
  if (seen) return { received: true, duplicate: true };

  try {
    const effect = await prepare(event);
    const { changed, ...answer } = await db.transaction(async (tx): Promise<WebhookResult & { changed?: string }> => {
      const [claimed] = await tx
        .insert(webhookEvents)
        .values({ source: 'stripe', externalId: event.id, eventType: event.type, payload: event })
        .onConflictDoUpdate({
          target: [webhookEvents.source, webhookEvents.externalId],
          set: { status: 'received', outcome: null },
          setWhere: sql`${webhookEvents.status} = 'failed'`,
        })
        .returning({ id: webhookEvents.id });
      if (!claimed) return { received: true, duplicate: true };
      const { changed, ...result } = await effect(tx);
      await tx.update(webhookEvents).set({ ...result, processedAt: now() }).where(eq(webhookEvents.id, claimed.id));
      return { received: true, duplicate: false, ...result, changed };
    });
    if (changed) emit({ type: 'user.changed', userId: changed });
    const notice = NOTICE_OF[event.type];
    if (changed && notice && answer.status === 'processed') emit({ type: 'billing.noticeAdded', userId: changed, kind: notice });
    return answer;
  } catch (error) {
    getLogger().error({ err: error, eventId: event.id, type: event.type }, 'stripe event failed');
    const outcome = `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    await db
      .insert(webhookEvents)
      .values({ source: 'stripe', externalId: event.id, eventType: event.type, payload: event, status: 'failed', outcome })
      // Never over a concurrent delivery that succeeded: a later redelivery would apply it twice.
      .onConflictDoUpdate({
        target: [webhookEvents.source, webhookEvents.externalId],
        set: { status: 'failed', outcome },
        setWhere: sql`${webhookEvents.status} = 'failed'`,
      });
    throw error; // 500: Stripe delivers it again later
  }
}

async function userFor(customer: string | { id: string } | null, fallbackUserId?: string | null): Promise<string | undefined> {
  const db = await getDb();
  const customerId = customerIdOf(customer);
  if (customerId) {
    const [byCustomer] = await db.select({ id: users.id }).from(users).where(eq(users.stripeCustomerId, customerId));
    if (byCustomer) return byCustomer.id;
  }
  if (!fallbackUserId) return undefined;
  const [byId] = await db.select({ id: users.id }).from(users).where(sql`${users.id}::text = ${fallbackUserId}`);
  return byId?.id;
}

/** Reads what the event needs (from our database and from Stripe) and returns its effect. */
async function prepare(event: Stripe.Event): Promise<Effect> {
  switch (event.type) {
    case 'checkout.session.completed':
      return checkoutCompleted(event.data.object);
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.trial_will_end': {
      const sub = event.data.object;
      const notice = event.type === 'customer.subscription.trial_will_end';
      return subscriptionEffect(sub.id, sub.customer, sub.metadata?.user_id, (tx, userId) =>
        notice && sub.trial_end
          ? addNotice(tx, userId, 'trial_will_end', `Your trial ends on ${new Date(sub.trial_end * 1000).toISOString().slice(0, 10)}.`)
          : Promise.resolve(),
      );
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const invoice = event.data.object;
      const subId = customerIdOf(invoice.parent?.subscription_details?.subscription ?? null);
      const failed = event.type === 'invoice.payment_failed';
      const after = async (tx: Tx, userId: string) => {
        if (failed) await addNotice(tx, userId, 'payment_failed', paymentFailedMessage(invoice));
        else await resolveNotices(tx, userId, 'payment_failed');
      };
      if (subId) return subscriptionEffect(subId, invoice.customer, undefined, after);
      const userId = await userFor(invoice.customer);
      return async (tx) => {
        if (!userId) return ignored(`unknown customer ${customerIdOf(invoice.customer)}`);
        await after(tx, userId);
        return { ...processed(failed ? 'payment failed: user notified' : 'invoice paid'), changed: userId };
      };
    }
    default:
      return async () => ignored(`not handled: ${event.type}`);
  }
}

async function subscriptionEffect(
  subscriptionId: string,
  customer: string | { id: string } | null,
  metadataUserId: string | null | undefined,
  after: (tx: Tx, userId: string) => Promise<void>,
): Promise<Effect> {
  const current = await fetchSubscription(subscriptionId);
  const userId = await userFor(current.customer ?? customer, current.metadata?.user_id ?? metadataUserId);
  return async (tx) => {
    if (!userId) return ignored(`unknown customer ${customerIdOf(current.customer)}`);
    const outcome = await saveSubscription(tx, userId, current);
    // Notices end with the state they were about; `after` may add a new one.
    if (current.status !== 'past_due' && current.status !== 'unpaid') await resolveNotices(tx, userId, 'payment_failed');
    if (current.status !== 'trialing') await resolveNotices(tx, userId, 'trial_will_end');
    await after(tx, userId);
    return outcome.startsWith('ignored') ? ignored(outcome) : { ...processed(outcome), changed: userId };
  };
}

async function checkoutCompleted(session: Stripe.Checkout.Session): Promise<Effect> {
  if (session.mode === 'subscription' && session.subscription) {
    return subscriptionEffect(customerIdOf(session.subscription)!, session.customer, session.client_reference_id, async () => {});
  }
  const userId = await userFor(session.customer, session.client_reference_id);
  const product = productByLookupKey(session.metadata?.lookup_key);
  return async (tx) => {
    if (!userId) return ignored(`unknown customer ${customerIdOf(session.customer)}`);
    if (session.mode !== 'payment' || (product?.kind !== 'tokens' && product?.kind !== 'sms')) return ignored(`checkout ${session.id}: nothing to credit`);
    if (session.payment_status !== 'paid') return ignored(`checkout ${session.id}: payment ${session.payment_status}`);
    if (product.kind === 'sms') {
      await tx
        .update(users)
        .set({ smsCredits: sql`${users.smsCredits} + ${product.credits}`, updatedAt: now() })
        .where(eq(users.id, userId));
      return { ...processed(`credited ${product.credits} SMS credits (checkout ${session.id})`), changed: userId };
    }
    await tx
      .update(users)
      .set({ apiTokens: sql`${users.apiTokens} + ${product.tokens}`, updatedAt: now() })
      .where(eq(users.id, userId));
    return { ...processed(`credited ${product.tokens} API tokens (checkout ${session.id})`), changed: userId };
  };
}

function paymentFailedMessage(invoice: Stripe.Invoice): string {
  const amount = `${(invoice.amount_due / 100).toFixed(2)} ${invoice.currency.toUpperCase()}`;
  return `Your payment of ${amount} failed. Update your payment method in the billing portal to keep your plan.`;
}

async function addNotice(tx: Tx, userId: string, kind: 'payment_failed' | 'trial_will_end', message: string) {
  await tx.insert(billingNotices).values({ userId, kind, message, createdAt: now() });
}

async function resolveNotices(tx: Tx, userId: string, kind: 'payment_failed' | 'trial_will_end') {
  await tx
    .update(billingNotices)
    .set({ resolvedAt: now() })
    .where(and(eq(billingNotices.userId, userId), eq(billingNotices.kind, kind), isNull(billingNotices.resolvedAt)));
}

/** The newest Stripe events with what came of them, for administrators. */
export async function listStripeEvents(limit = 100) {
  const db = await getDb();
  const rows = await db
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.source, 'stripe'))
    .orderBy(desc(webhookEvents.id))
    .limit(limit);
  return rows.map((r) => ({
    id: r.externalId,
    type: r.eventType,
    status: r.status,
    outcome: r.outcome,
    received_at: r.receivedAt.toISOString(),
    processed_at: r.processedAt?.toISOString() ?? null,
  }));
}
