/**
 * Keeps our Enode webhook subscription healthy: exactly one subscription for
 * our URL, active, with our secret and events. Run at start and every 30
 * minutes; Enode deactivates a subscription after ~26 h of failed deliveries.
 */
import { getConfig } from '@/server/config';
import { now } from '@/server/clock';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';
import { setSetting } from '@/server/settings/store';
import type { EnodeClient } from './client';
import { enodeClient } from './index';

export const WEBHOOK_PATH = '/api/webhooks/enode';
export const WEBHOOK_EVENTS = [
  'user:vehicle:discovered',
  'user:vehicle:updated',
  'user:vehicle:deleted',
  'user:vehicle:smart-charging-status-updated',
  'user:vendor-action:updated',
  'user:credentials:invalidated',
  'system:heartbeat',
];
const HEALTH_INTERVAL_MS = 30 * 60_000;
/** Heartbeats come every few minutes: no success for this long means deliveries fail. */
export const STALE_SUCCESS_MS = 2 * 60 * 60_000;

export type SubscriptionOutcome = 'created' | 'reactivated' | 'healthy';

/** What the health job last found, kept in settings for the admin's webhook health page. */
export interface SubscriptionCheck {
  checkedAt: string;
  outcome: SubscriptionOutcome | 'error';
  webhookId: string | null;
  isActive: boolean | null;
  lastSuccess: string | null;
  subscribedAt: string | null;
  error: string | null;
}
export const HEALTH_SETTING = 'enode_webhook_health';

export async function ensureWebhookSubscription(client: EnodeClient, url: string, secret: string): Promise<SubscriptionOutcome> {
  return (await checkWebhookSubscription(client, url, secret)).outcome as SubscriptionOutcome;
}

export async function checkWebhookSubscription(client: EnodeClient, url: string, secret: string): Promise<SubscriptionCheck> {
  const log = getLogger();
  const found = { checkedAt: now().toISOString(), error: null };
  const ours = (await client.listWebhooks()).filter((hook) => hook.url === url);
  if (ours.length === 0) {
    const created = await client.createWebhook({ url, secret, events: WEBHOOK_EVENTS });
    log.info({ url }, 'Enode webhook subscription created');
    return { ...found, outcome: 'created', webhookId: created.id, isActive: true, lastSuccess: null, subscribedAt: created.createdAt ?? found.checkedAt };
  }
  const [keep, ...extra] = ours;
  const state = { webhookId: keep.id, lastSuccess: keep.lastSuccess ?? null, subscribedAt: keep.createdAt ?? null };
  for (const hook of extra) await client.deleteWebhook(hook.id); // duplicates would deliver every event twice
  // The secret cannot be read back: setting it keeps Enode's copy equal to ours after a rotation.
  await client.updateWebhook(keep.id, { secret, events: WEBHOOK_EVENTS });
  if (!keep.isActive) {
    await client.testWebhook(keep.id); // a test delivery reactivates it
    log.warn({ webhookId: keep.id }, 'Enode webhook subscription was inactive; reactivated');
    return { ...found, ...state, outcome: 'reactivated', isActive: false };
  }
  const lastSuccess = keep.lastSuccess ? Date.parse(keep.lastSuccess) : undefined;
  if (lastSuccess !== undefined && now().getTime() - lastSuccess > STALE_SUCCESS_MS) {
    log.warn({ webhookId: keep.id, lastSuccess: keep.lastSuccess }, 'No successful Enode webhook delivery for over 2 hours');
  }
  return { ...found, ...state, outcome: 'healthy', isActive: true };
}

/** The health job, when Enode and a webhook secret are configured. */
export function webhookHealthJob(): PeriodicJob | undefined {
  const config = getConfig();
  const secret = config.enode?.webhookSecret;
  if (!config.enode || !secret) return undefined;
  const url = `${config.appUrl}${WEBHOOK_PATH}`;
  const run = () =>
    checkWebhookSubscription(enodeClient(), url, secret)
      .catch((error: unknown): SubscriptionCheck => {
        const reason = error instanceof Error ? error.message : String(error);
        getLogger().error({ reason }, 'Enode webhook health check failed');
        const at = now().toISOString();
        return { checkedAt: at, outcome: 'error', webhookId: null, isActive: null, lastSuccess: null, subscribedAt: null, error: reason };
      })
      .then(async (check) => {
        await setSetting(HEALTH_SETTING, check);
        // Also the job's last error (GET /api/admin/jobs), besides the stored check.
        if (check.outcome === 'error') throw new Error(check.error ?? 'Enode webhook health check failed');
      });
  return { name: 'enode webhook health', intervalMs: HEALTH_INTERVAL_MS, run };
}
