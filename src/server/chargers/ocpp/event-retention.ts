/**
 * Retention of the stored charge point messages: the kept ones
 * (charge_point_events) and the troubleshooting log (ocpp_messages, see
 * message-log.ts). A charge point keeps at most OCPP_EVENTS_PER_CHARGE_POINT
 * of each (trimmed as it writes), and none older than
 * OCPP_EVENT_RETENTION_DAYS (a periodic job). Both delete through the
 * (charge point, ...) index, one charge point at a time, so each statement is
 * bounded by the per-charge-point cap.
 */
import { sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';

const TRIM_EVERY_INSERTS = 100;
const INTERVAL_MS = 6 * 3_600_000;

/** The two stored kinds of message: their table, time column and newest-first order (constants, never input). */
const STORES = {
  events: { table: 'charge_point_events', at: 'received_at', order: ['received_at', 'id'] },
  log: { table: 'ocpp_messages', at: 'at', order: ['id'] },
} as const;
export type MessageStore = keyof typeof STORES;

/** Deletes the charge point's messages older than the cutoff and those beyond its newest `keep`; returns how many. */
async function pruneChargePoint(store: MessageStore, chargePointId: string, keep: number, cutoff: Date): Promise<number> {
  const db = await getDb();
  const { table, at, order } = STORES[store];
  const columns = (alias: string) => sql.raw(order.map((c) => `${alias}.${c}`).join(', '));
  const newestFirst = sql.raw(order.map((c) => `k.${c} desc`).join(', '));
  const deleted = resultRows<{ id: number }>(
    await db.execute(sql`
      delete from ${sql.identifier(table)} e
      where e.charge_point_id = ${chargePointId}
        and (${sql.raw(`e.${at}`)} < ${cutoff.toISOString()}::timestamptz
          or (${columns('e')}) <= (
            select ${columns('k')} from ${sql.identifier(table)} k
            where k.charge_point_id = ${chargePointId}
            order by ${newestFirst}
            offset ${keep} limit 1))
      returning e.id`),
  );
  return deleted.length;
}

const retentionCutoff = () => new Date(now().getTime() - getConfig().ocpp.eventRetentionDays * 86_400_000);

/** Inserts per store and charge point since its last trim, in this process. */
const insertsSinceTrim = new Map<string, number>();

/** Called after messages are stored: every so many, trims the charge point's messages to the limits. */
export async function trimAfterInserts(chargePointId: string, store: MessageStore = 'events', inserted = 1): Promise<void> {
  const key = `${store}:${chargePointId}`;
  const count = (insertsSinceTrim.get(key) ?? 0) + inserted;
  if (count < TRIM_EVERY_INSERTS) return void insertsSinceTrim.set(key, count);
  insertsSinceTrim.delete(key);
  await pruneChargePoint(store, chargePointId, getConfig().ocpp.eventsPerChargePoint, retentionCutoff());
}

/** Applies both limits to every charge point's messages in both stores; returns how many were deleted. */
export async function pruneChargePointEvents(): Promise<number> {
  const db = await getDb();
  const owners = resultRows<{ id: string }>(await db.execute(sql`select id from charge_points`));
  const cutoff = retentionCutoff();
  let total = 0;
  for (const { id } of owners) {
    for (const store of Object.keys(STORES) as MessageStore[]) total += await pruneChargePoint(store, id, getConfig().ocpp.eventsPerChargePoint, cutoff);
  }
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
