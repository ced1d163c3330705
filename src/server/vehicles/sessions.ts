/**
 * Charging sessions, derived from the vehicle's samples. Cars report charging
 * unevenly: some give isCharging and a charge rate, others (often on DC fast
 * chargers) only a battery level that went up between two samples. So a
 * sample counts as charging when it says so, reports a rate, or shows the
 * battery higher than the sample before.
 *
 * Samples arrive in order (an older lastSeen is never stored), so an open
 * session keeps running totals on its row and a new sample extends it
 * without re-reading the session's samples.
 */
import { and, asc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { resultRows, type Db, type Tx } from '@/server/db/client';
import { users, vehicleChargingSessions, vehicleSamples } from '@/server/db/schema';

type Executor = Db | Tx;
type SampleRow = typeof vehicleSamples.$inferSelect;
type SessionRow = typeof vehicleChargingSessions.$inferSelect;
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

/** A session with the totals needed to extend it by one more sample. */
export interface RunningSession extends DerivedSession {
  lastSampleAt: Date;
  lastChargeRateKw: number | null;
  /** Trapezoids of the reported charge rate so far, unrounded. */
  rateEnergyKwh: number;
}

/** Unplugged, the level must rise by 2 points (rounding and regenerative braking stay out). */
function rose(previous: Pick<SessionSample, 'batteryLevel'> | undefined, sample: SessionSample): boolean {
  if (!previous || previous.batteryLevel == null || sample.batteryLevel == null) return false;
  return sample.batteryLevel - previous.batteryLevel >= (sample.isPluggedIn === true ? 1 : 2);
}

const charging = (previous: Pick<SessionSample, 'batteryLevel'> | undefined, sample: SessionSample) =>
  sample.isCharging === true || (sample.chargeRateKw ?? 0) > 0 || rose(previous, sample);

const round = (kwh: number) => Math.round(kwh * 1000) / 1000;

/** Energy from the reported rates, else battery capacity × level gained. */
function energy(run: RunningSession, capacityKwh: number | null): number | null {
  if (run.rateEnergyKwh > 0) return round(run.rateEnergyKwh);
  const [start, end] = [run.batteryLevelStart, run.batteryLevelEnd];
  if (capacityKwh && start != null && end != null && end > start) return round((capacityKwh * (end - start)) / 100);
  return null;
}

function begin(first: SessionSample): RunningSession {
  const located = first.latitude != null && first.longitude != null;
  return {
    startTime: first.sampledAt,
    endTime: null,
    batteryLevelStart: first.batteryLevel,
    batteryLevelEnd: first.batteryLevel,
    energyAddedKwh: null,
    latitude: located ? first.latitude : null,
    longitude: located ? first.longitude : null,
    odometerKm: first.odometerKm,
    lastSampleAt: first.sampledAt,
    lastChargeRateKw: first.chargeRateKw,
    rateEnergyKwh: 0,
  };
}

function extend(run: RunningSession, sample: SessionSample, capacityKwh: number | null) {
  const hours = (sample.sampledAt.getTime() - run.lastSampleAt.getTime()) / 3_600_000;
  run.rateEnergyKwh += (((run.lastChargeRateKw ?? 0) + (sample.chargeRateKw ?? 0)) / 2) * hours;
  if (sample.batteryLevel != null) {
    run.batteryLevelStart ??= sample.batteryLevel;
    run.batteryLevelEnd = sample.batteryLevel;
  }
  if (run.latitude == null && sample.latitude != null && sample.longitude != null) {
    run.latitude = sample.latitude;
    run.longitude = sample.longitude;
  }
  if (sample.odometerKm != null) run.odometerKm = sample.odometerKm;
  run.lastSampleAt = sample.sampledAt;
  run.lastChargeRateKw = sample.chargeRateKw;
  run.energyAddedKwh = energy(run, capacityKwh);
}

/**
 * One sample further. A session starts at the sample before the first rise
 * (the charge happened in between) or at the first sample that says it is
 * charging, and ends at its last charging sample. Sessions that end here go
 * to `ended`; the open one (if any) is returned.
 */
export function advance(
  run: RunningSession | undefined,
  previous: SessionSample | undefined,
  sample: SessionSample,
  capacityKwh: number | null,
  ended: RunningSession[],
): RunningSession | undefined {
  const close = (session: RunningSession) => {
    session.endTime = session.lastSampleAt;
    ended.push(session);
    return undefined;
  };
  if (!charging(previous, sample)) return run ? close(run) : undefined;
  if (!run) {
    const risen = previous !== undefined && rose(previous, sample);
    run = begin(risen ? previous : sample);
    run.energyAddedKwh = energy(run, capacityKwh);
    if (risen) extend(run, sample, capacityKwh);
  } else {
    extend(run, sample, capacityKwh);
  }
  // Gained since the last sample, but the car says it has stopped: the session ends here.
  return sample.isCharging === false ? close(run) : run;
}

function runAll(samples: SessionSample[], capacityKwh: number | null): RunningSession[] {
  const sessions: RunningSession[] = [];
  let run: RunningSession | undefined;
  samples.forEach((sample, i) => {
    run = advance(run, samples[i - 1], sample, capacityKwh, sessions);
  });
  if (run) sessions.push(run);
  return sessions;
}

/** Splits samples (oldest first) into charging sessions. */
export function deriveSessions(samples: SessionSample[], capacityKwh: number | null): DerivedSession[] {
  return runAll(samples, capacityKwh).map((s) => ({
    startTime: s.startTime,
    endTime: s.endTime,
    batteryLevelStart: s.batteryLevelStart,
    batteryLevelEnd: s.batteryLevelEnd,
    energyAddedKwh: s.energyAddedKwh,
    latitude: s.latitude,
    longitude: s.longitude,
    odometerKm: s.odometerKm,
  }));
}

/** New samples (oldest first, already stored) of one vehicle. */
export interface NewSamples {
  userId: string;
  vehicleId: string;
  samples: SessionSample[];
  capacityKwh: number | null;
}

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

/** The stored sample just before each vehicle's first new one: one query for the whole batch. */
async function previousSamples(db: Executor, batch: NewSamples[]): Promise<Map<string, SessionSample>> {
  type Row = {
    vehicle_id: string;
    sampled_at: Date | string;
    battery_level: number | null;
    is_charging: boolean | null;
    is_plugged_in: boolean | null;
    charge_rate_kw: number | null;
    odometer_km: number | null;
    latitude: number | null;
    longitude: number | null;
  };
  const values = sql.join(
    batch.map((b) => sql`(${b.vehicleId}::uuid, ${b.samples[0].sampledAt.toISOString()}::timestamptz)`),
    sql`, `,
  );
  const rows = resultRows<Row>(
    await db.execute(sql`
      select p.* from (values ${values}) as v(id, before)
      cross join lateral (
        select * from vehicle_samples s where s.vehicle_id = v.id and s.sampled_at < v.before order by s.sampled_at desc limit 1
      ) as p`),
  );
  return new Map(
    rows.map((r) => [
      r.vehicle_id,
      {
        sampledAt: asDate(r.sampled_at),
        batteryLevel: r.battery_level,
        isCharging: r.is_charging,
        isPluggedIn: r.is_plugged_in,
        chargeRateKw: r.charge_rate_kw == null ? null : Number(r.charge_rate_kw),
        odometerKm: r.odometer_km == null ? null : Number(r.odometer_km),
        latitude: r.latitude == null ? null : Number(r.latitude),
        longitude: r.longitude == null ? null : Number(r.longitude),
      },
    ]),
  );
}

const running = (row: SessionRow): RunningSession | undefined =>
  row.lastSampleAt == null
    ? undefined
    : { ...row, lastSampleAt: row.lastSampleAt, lastChargeRateKw: row.lastChargeRateKw, rateEnergyKwh: row.rateEnergyKwh ?? 0 };

/**
 * Brings the sessions of the batch's vehicles up to date after their new
 * samples, in the caller's transaction. The common case (nothing charging,
 * nothing open) costs two queries for the whole batch.
 */
export async function updateChargingSessions(db: Executor, batch: NewSamples[]) {
  batch = batch.filter((b) => b.samples.length > 0);
  if (batch.length === 0) return;
  const ids = batch.map((b) => b.vehicleId);
  const open = new Map<string, SessionRow>();
  for (const row of await db
    .select()
    .from(vehicleChargingSessions)
    .where(and(inArray(vehicleChargingSessions.vehicleId, ids), isNull(vehicleChargingSessions.endTime)))
    .orderBy(asc(vehicleChargingSessions.startTime))) {
    open.set(row.vehicleId, row); // the newest open one wins
  }
  const previous = await previousSamples(db, batch);

  const writes: { userId: string; vehicleId: string; session: RunningSession }[] = [];
  for (const { userId, vehicleId, samples, capacityKwh } of batch) {
    const stored = open.get(vehicleId);
    let prev = previous.get(vehicleId);
    let run = stored && running(stored);
    if (stored && (!run || prev?.sampledAt.getTime() !== run.lastSampleAt.getTime())) {
      // No running totals (an older row) or samples out of order: derive again from its start.
      for (const session of await rederive(db, vehicleId, stored.startTime, capacityKwh)) writes.push({ userId, vehicleId, session });
      continue;
    }
    const touched: RunningSession[] = [];
    for (const sample of samples) {
      run = advance(run, prev, sample, capacityKwh, touched);
      prev = sample;
    }
    if (run) touched.push(run);
    for (const session of touched) writes.push({ userId, vehicleId, session });
  }
  if (writes.length === 0) return;
  // A session that started and ended at one sample can be followed by one starting there: the later wins.
  const unique = [...new Map(writes.map((w) => [`${w.vehicleId} ${w.session.startTime.getTime()}`, w])).values()];

  const userIds = [...new Set(writes.map((w) => w.userId))];
  const rates = new Map(
    (await db.select({ id: users.id, rate: users.electricityCostPerKwh, currency: users.currency }).from(users).where(inArray(users.id, userIds))).map(
      (u) => [u.id, u],
    ),
  );
  const rows = unique.map(({ userId, vehicleId, session }) => {
    const user = rates.get(userId);
    return {
      userId,
      vehicleId,
      ...session,
      costPerKwh: user?.rate ?? null,
      totalCost: user?.rate != null && session.energyAddedKwh != null ? (Number(user.rate) * session.energyAddedKwh).toFixed(4) : null,
      currency: user?.rate != null ? user.currency : null,
    };
  });
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await db
    .insert(vehicleChargingSessions)
    .values(rows)
    .onConflictDoUpdate({
      target: [vehicleChargingSessions.vehicleId, vehicleChargingSessions.startTime],
      set: {
        endTime: excluded('end_time'),
        energyAddedKwh: excluded('energy_added_kwh'),
        batteryLevelStart: excluded('battery_level_start'),
        batteryLevelEnd: excluded('battery_level_end'),
        costPerKwh: excluded('cost_per_kwh'),
        totalCost: excluded('total_cost'),
        currency: excluded('currency'),
        latitude: excluded('latitude'),
        longitude: excluded('longitude'),
        odometerKm: excluded('odometer_km'),
        lastSampleAt: excluded('last_sample_at'),
        lastChargeRateKw: excluded('last_charge_rate_kw'),
        rateEnergyKwh: excluded('rate_energy_kwh'),
      },
    });
}

/** The slow path: the open session's samples read again (rows from before running totals, or out of order). */
async function rederive(db: Executor, vehicleId: string, openStart: Date, capacityKwh: number | null): Promise<RunningSession[]> {
  const samples = await db
    .select()
    .from(vehicleSamples)
    .where(and(eq(vehicleSamples.vehicleId, vehicleId), gte(vehicleSamples.sampledAt, openStart)))
    .orderBy(asc(vehicleSamples.sampledAt));
  const derived = runAll(samples, capacityKwh);
  if (derived.length === 0 || derived[0].startTime.getTime() !== openStart.getTime()) {
    // Its samples no longer show it (should not happen): close it rather than leave it open for ever.
    await db
      .update(vehicleChargingSessions)
      .set({ endTime: openStart })
      .where(and(eq(vehicleChargingSessions.vehicleId, vehicleId), eq(vehicleChargingSessions.startTime, openStart)));
  }
  return derived;
}
