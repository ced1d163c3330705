/**
 * Sample retention: vehicle samples older than `vehicle_sample_retention_days`
 * (setting, default 90) are deleted by a periodic job. Charging sessions are
 * rows of their own and stay; samples an open session may still need (from
 * its start) and each vehicle's newest sample (the "sample before" of the
 * next one) are kept.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb, resultRows } from '@/server/db/client';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';
import { getSetting } from '@/server/settings/store';

export const RETENTION_SETTING = 'vehicle_sample_retention_days';
export const DEFAULT_RETENTION_DAYS = 90;
const retentionSchema = z.number().int().min(1).max(3650);
const CHUNK = 5000;
const INTERVAL_MS = 6 * 3_600_000;

export async function sampleRetentionDays(): Promise<number> {
  const stored = retentionSchema.safeParse(await getSetting(RETENTION_SETTING));
  return stored.success ? stored.data : DEFAULT_RETENTION_DAYS;
}

/** Deletes expired samples in chunks (short transactions); returns how many. */
export async function pruneVehicleSamples(): Promise<number> {
  const db = await getDb();
  const cutoff = new Date(now().getTime() - (await sampleRetentionDays()) * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const deleted = resultRows<{ vehicle_id: string }>(
      await db.execute(sql`
        delete from vehicle_samples s
        where (s.vehicle_id, s.sampled_at) in (
          select x.vehicle_id, x.sampled_at from vehicle_samples x
          where x.sampled_at < ${cutoff}::timestamptz
            and x.sampled_at < (select max(y.sampled_at) from vehicle_samples y where y.vehicle_id = x.vehicle_id)
            and not exists (
              select 1 from vehicle_charging_sessions c
              where c.vehicle_id = x.vehicle_id and c.end_time is null and c.start_time <= x.sampled_at
            )
          limit ${CHUNK})
        returning s.vehicle_id`),
    );
    total += deleted.length;
    if (deleted.length < CHUNK) return total;
  }
}

/** Every 6 hours, in one instance (src/server/system/jobs.ts). */
export const sampleRetentionJob: PeriodicJob = {
  name: 'vehicle sample retention',
  intervalMs: INTERVAL_MS,
  async run() {
    const deleted = await pruneVehicleSamples();
    if (deleted > 0) getLogger().info({ deleted }, 'Expired vehicle samples deleted');
  },
};
