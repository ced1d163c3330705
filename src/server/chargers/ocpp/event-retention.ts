/**
 * Retention of the stored charge point messages (charge_point_events): a
 * charge point keeps at most OCPP_EVENTS_PER_CHARGE_POINT of them (trimmed as
 * it writes), and none older than OCPP_EVENT_RETENTION_DAYS (a periodic job).
 * Both delete through the (charge point, received at) index, one charge
 * point at a time, so each statement is bounded by the per-charge-point cap.
 */
import { sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';

const TRIM_EVERY_INSERTS = 100;
const INTERVAL_MS = 6 * 3_600_000;

/** Deletes the charge point's messages older than the cutoff and those beyond its newest `keep`; returns how many. */
async function pruneChargePoint(chargePointId: string, keep: number, cutoff: Date): Promise<number> {
  const db = await getDb();
  const deleted = resultRows<{ id: number }>(
    await db.execute(sql`
      delete from charge_point_events e
      where e.charge_point_id = ${chargePointId}
        and (e.received_at < ${cutoff.toISOString()}::timestamptz
          or (e.received_at, e.id) <= (
            select k.received_at, k.id from charge_point_events k
            where k.charge_point_id = ${chargePointId}
            order by k.received_at desc, k.id desc
            offset ${keep} limit 1))
      returning e.id`),
  );
  return deleted.length;
}

const retentionCutoff = () => new Date(now().getTime() - getConfig().ocpp.eventRetentionDays * 86_400_000);

/** Inserts per charge point since its last trim, in this process. */
const insertsSinceTrim = new Map<string, number>();

/** Called after each stored message: every so many, trims the charge point's messages to the limits. */
export async function trimAfterInserts(chargePointId: string): Promise<void> {
  const count = (insertsSinceTrim.get(chargePointId) ?? 0) + 1;
  if (count < TRIM_EVERY_INSERTS) return void insertsSinceTrim.set(chargePointId, count);
  insertsSinceTrim.delete(chargePointId);
  await pruneChargePoint(chargePointId, getConfig().ocpp.eventsPerChargePoint, retentionCutoff());
}

/** Applies both limits to every charge point's messages; returns how many were deleted. */
export async function pruneChargePointEvents(): Promise<number> {
  const db = await getDb();
  const owners = resultRows<{ id: string }>(await db.execute(sql`select id from charge_points`));
  const cutoff = retentionCutoff();
  let total = 0;
  for (const { id } of owners) total += await pruneChargePoint(id, getConfig().ocpp.eventsPerChargePoint, cutoff);
  return total;
}

/** Every 6 hours, in one instance (src/server/system/jobs.ts). */
export const eventRetentionJob: PeriodicJob = {
  name: 'charge point message retention',
  intervalMs: INTERVAL_MS,
  async run() {
    const deleted = await pruneChargePointEvents();
    if (deleted > 0) getLogger().info({ deleted }, 'Old charge point messages deleted');
  },
};
