/**
 * Enode webhook health for the admin: what the subscription health job last
 * found, the recent deliveries and whether the subscription looks stale (no
 * successful delivery for 2 hours, by Enode's lastSuccess or our own record).
 */
import { and, desc, eq } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { webhookDeliveries } from '@/server/db/schema';
import { getSetting } from '@/server/settings/store';
import { HEALTH_SETTING, STALE_SUCCESS_MS, type SubscriptionCheck } from './subscription';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const parsed = (value: string | null | undefined) => {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** Staleness alone (two small queries): for the warning shown around the admin area. */
export async function webhookStaleness() {
  const config = getConfig();
  const configured = Boolean(config.enode && config.enode.webhookSecret);
  if (!configured) return { configured, stale: false, lastSuccessAt: null, subscription: null };
  const db = await getDb();
  const [subscription, [latest]] = await Promise.all([
    getSetting<SubscriptionCheck>(HEALTH_SETTING),
    db
      .select({ receivedAt: webhookDeliveries.receivedAt })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.source, 'enode'), eq(webhookDeliveries.status, 'processed')))
      .orderBy(desc(webhookDeliveries.receivedAt))
      .limit(1),
  ]);
  const successes = [parsed(subscription?.lastSuccess), latest?.receivedAt.getTime()].filter((t): t is number => t !== undefined);
  const lastSuccess = successes.length > 0 ? Math.max(...successes) : undefined;
  // A subscription that never delivered counts from its creation.
  const since = lastSuccess ?? parsed(subscription?.subscribedAt);
  const stale = since !== undefined && now().getTime() - since > STALE_SUCCESS_MS;
  return { configured, stale, lastSuccessAt: iso(lastSuccess), subscription: subscription ?? null };
}

export async function webhookHealth(limit = 50) {
  const staleness = await webhookStaleness();
  const db = await getDb();
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.source, 'enode'))
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(limit);
  const sub = staleness.subscription;
  return {
    configured: staleness.configured,
    stale: staleness.stale,
    stale_after_hours: STALE_SUCCESS_MS / 3_600_000,
    last_success_at: staleness.lastSuccessAt,
    subscription: sub && {
      checked_at: sub.checkedAt,
      outcome: sub.outcome,
      webhook_id: sub.webhookId,
      is_active: sub.isActive,
      last_success: sub.lastSuccess,
      subscribed_at: sub.subscribedAt,
      error: sub.error,
    },
    deliveries: deliveries.map((d) => ({
      received_at: d.receivedAt.toISOString(),
      delivery_id: d.deliveryId,
      attempts: d.attempts,
      event_count: d.eventCount,
      duplicates: d.duplicates,
      event_types: d.eventTypes,
      status: d.status,
      outcomes: d.outcomes,
      error: d.error,
      processing_ms: d.processingMs,
    })),
  };
}
export type WebhookHealth = Awaited<ReturnType<typeof webhookHealth>>;
