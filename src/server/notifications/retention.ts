/**
 * Outbox retention: deliveries that are over (sent, failed, skipped,
 * no_credits) and closed incidents older than NOTIFY_RETENTION_DAYS are
 * deleted by a periodic job, a batch at a time (through the created_at
 * index), so no statement holds many rows locked and other writers go on.
 */
import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { notificationDeliveries, notificationIncidents } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';

const BATCH = 1000;
const INTERVAL_MS = 6 * 3_600_000;
const FINISHED = ['sent', 'failed', 'skipped', 'no_credits'] as const;

/** Deletes what is over and older than the retention; returns how many deliveries and incidents went. */
export async function pruneNotifications(): Promise<{ deliveries: number; incidents: number }> {
  const db = await getDb();
  const cutoff = new Date(now().getTime() - getConfig().notifications.retentionDays * 86_400_000);
  let deliveries = 0;
  for (;;) {
    const old = db
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(and(lt(notificationDeliveries.createdAt, cutoff), inArray(notificationDeliveries.status, [...FINISHED])))
      .limit(BATCH);
    const gone = await db.delete(notificationDeliveries).where(inArray(notificationDeliveries.id, old)).returning({ id: notificationDeliveries.id });
    deliveries += gone.length;
    if (gone.length < BATCH) break;
  }
  let incidents = 0;
  for (;;) {
    const old = db
      .select({ id: notificationIncidents.id })
      .from(notificationIncidents)
      .where(and(isNotNull(notificationIncidents.closedAt), lt(notificationIncidents.closedAt, cutoff)))
      .limit(BATCH);
    const gone = await db.delete(notificationIncidents).where(inArray(notificationIncidents.id, old)).returning({ id: sql<number>`1` });
    incidents += gone.length;
    if (gone.length < BATCH) break;
  }
  return { deliveries, incidents };
}

/** Every 6 hours, in one instance (src/server/system/jobs.ts). */
export const notificationRetentionJob: PeriodicJob = {
  name: 'notification retention',
  intervalMs: INTERVAL_MS,
  async run() {
    const deleted = await pruneNotifications();
    if (deleted.deliveries + deleted.incidents > 0) getLogger().info(deleted, 'Old notifications deleted');
  },
};
