/**
 * Charging sessions, derived from the vehicle's samples. Cars report charging
 * unevenly: some give isCharging and a charge rate, others (often on DC fast
 * chargers) only a battery level that went up between two samples. So a
 * sample counts as charging when it says so, reports a rate, or shows the
 * battery higher than the sample before.
 */
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { resultRows, type Db, type Tx } from '@/server/db/client';
import { users, vehicleChargingSessions, vehicleSamples } from '@/server/db/schema';

type Executor = Db | Tx;
type SampleRow = typeof vehicleSamples.$inferSelect;
export type SessionSample = Pick<
  SampleRow,
  'sampledAt' | 'batteryLevel' | 'isCharging' | 'isPluggedIn' | 'chargeRateKw' | 'odometerKm' | 'latitude' | 'longitude'
>;

export interface DerivedSession {
  startTime: Date;
  /** Null while the last sample is still charging. */
  endTime: Date | null;
  batteryLevelStart: number | null;
  batteryLevelEnd: number | null;
  energyAddedKwh: number | null;
  latitude: number | null;
  longitude: number | null;
  odometerKm: number | null;
}

/** Unplugged, the level must rise by 2 points (rounding and regenerative braking stay out). */
function rose(previous: Pick<SessionSample, 'batteryLevel'> | undefined, sample: SessionSample): boolean {
  if (!previous || previous.batteryLevel == null || sample.batteryLevel == null) return false;
  return sample.batteryLevel - previous.batteryLevel >= (sample.isPluggedIn === true ? 1 : 2);
}

const charging = (previous: Pick<SessionSample, 'batteryLevel'> | undefined, sample: SessionSample) =>
  sample.isCharging === true || (sample.chargeRateKw ?? 0) > 0 || rose(previous, sample);

/** Energy from the reported rates (trapezoids), else battery capacity × level gained. */
function energy(samples: SessionSample[], start: number | null, end: number | null, capacityKwh: number | null): number | null {
  let kwh = 0;
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1].chargeRateKw ?? 0, samples[i].chargeRateKw ?? 0];
    kwh += ((a + b) / 2) * ((samples[i].sampledAt.getTime() - samples[i - 1].sampledAt.getTime()) / 3_600_000);
  }
  if (kwh > 0) return round(kwh);
  if (capacityKwh && start != null && end != null && end > start) return round((capacityKwh * (end - start)) / 100);
  return null;
}
const round = (kwh: number) => Math.round(kwh * 1000) / 1000;

/**
 * Splits samples (oldest first) into charging sessions. A session starts at
 * the sample before the first rise (the charge happened in between) or at the
 * first sample that says it is charging, and ends at its last charging sample.
 */
export function deriveSessions(samples: SessionSample[], capacityKwh: number | null): DerivedSession[] {
  const sessions: DerivedSession[] = [];
  let run: SessionSample[] = [];
  const close = (open: boolean) => {
    if (run.length === 0) return;
    const first = run.find((s) => s.batteryLevel != null);
    const last = run.findLast((s) => s.batteryLevel != null);
    const located = run.find((s) => s.latitude != null && s.longitude != null);
    const start = first?.batteryLevel ?? null;
    const end = last?.batteryLevel ?? null;
    sessions.push({
      startTime: run[0].sampledAt,
      endTime: open ? null : run[run.length - 1].sampledAt,
      batteryLevelStart: start,
      batteryLevelEnd: end,
      energyAddedKwh: energy(run, start, end, capacityKwh),
      latitude: located?.latitude ?? null,
      longitude: located?.longitude ?? null,
      odometerKm: run.findLast((s) => s.odometerKm != null)?.odometerKm ?? null,
    });
    run = [];
  };
  samples.forEach((sample, i) => {
    const previous = samples[i - 1];
    if (!charging(previous, sample)) return close(false);
    if (run.length === 0 && previous && rose(previous, sample)) run.push(previous);
    run.push(sample);
    // Gained since the last sample, but the car says it has stopped: the session ends here.
    if (sample.isCharging === false) close(false);
  });
  close(true);
  return sessions;
}

/**
 * Brings the vehicle's sessions up to date after a new sample, inside the
 * caller's transaction (`db` only: the pool's other connections may be busy
 * or, with PGlite, the same one). Re-derives from the open session's start,
 * or from the sample before `sample` (just stored) when none is open.
 */
export async function updateChargingSessions(db: Executor, userId: string, vehicleId: string, sample: SessionSample, capacityKwh: number | null) {
  // One round trip for the common case (not charging, nothing open): the open session and the sample before.
  const [context] = resultRows<{ open_start: Date | string | null; previous_at: Date | string | null; previous_level: number | null }>(
    await db.execute(sql`
      select o.start_time as open_start, p.sampled_at as previous_at, p.battery_level as previous_level
      from (select 1) as one
      left join lateral (
        select start_time from vehicle_charging_sessions where vehicle_id = ${vehicleId} and end_time is null order by start_time desc limit 1
      ) as o on true
      left join lateral (
        select sampled_at, battery_level from vehicle_samples
        where vehicle_id = ${vehicleId} and sampled_at < ${sample.sampledAt.toISOString()}::timestamptz order by sampled_at desc limit 1
      ) as p on true`),
  );
  const openStart = context?.open_start == null ? undefined : new Date(context.open_start);
  const previousAt = context?.previous_at == null ? undefined : new Date(context.previous_at);
  if (!openStart && !charging(previousAt ? { batteryLevel: context.previous_level } : undefined, sample)) return;
  const from = openStart ?? previousAt ?? sample.sampledAt;
  const samples = await db
    .select()
    .from(vehicleSamples)
    .where(and(eq(vehicleSamples.vehicleId, vehicleId), gte(vehicleSamples.sampledAt, from)))
    .orderBy(asc(vehicleSamples.sampledAt));
  const derived = deriveSessions(samples, capacityKwh);

  const [user] = await db.select({ rate: users.electricityCostPerKwh, currency: users.currency }).from(users).where(eq(users.id, userId));
  const costed = (session: DerivedSession) => ({
    ...session,
    costPerKwh: user?.rate ?? null,
    totalCost: user?.rate != null && session.energyAddedKwh != null ? (Number(user.rate) * session.energyAddedKwh).toFixed(4) : null,
    currency: user?.rate != null ? user.currency : null,
  });
  if (openStart && (derived.length === 0 || derived[0].startTime.getTime() !== openStart.getTime())) {
    // Its samples no longer show it (should not happen): close it rather than leave it open for ever.
    await db
      .update(vehicleChargingSessions)
      .set({ endTime: openStart })
      .where(and(eq(vehicleChargingSessions.vehicleId, vehicleId), eq(vehicleChargingSessions.startTime, openStart)));
  }
  for (const session of derived) {
    await db
      .insert(vehicleChargingSessions)
      .values({ userId, vehicleId, ...costed(session) })
      .onConflictDoUpdate({ target: [vehicleChargingSessions.vehicleId, vehicleChargingSessions.startTime], set: costed(session) });
  }
}
