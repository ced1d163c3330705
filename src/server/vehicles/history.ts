/** Read models of a vehicle's history: charging sessions (JSON and CSV) and samples for the battery chart. */
import { and, asc, desc, eq, gte } from 'drizzle-orm';
import { getDb } from '@/server/db/client';
import { vehicleChargingSessions, vehicleSamples } from '@/server/db/schema';
import { now } from '@/server/clock';
import { csvDocument } from '@/server/http/csv';
import { findVehicle } from './vehicles';

type SessionRow = typeof vehicleChargingSessions.$inferSelect;

export async function listChargingSessions(userId: string, ref: string, limit: number) {
  const vehicle = await findVehicle(userId, ref);
  const db = await getDb();
  const rows = await db
    .select()
    .from(vehicleChargingSessions)
    .where(and(eq(vehicleChargingSessions.userId, userId), eq(vehicleChargingSessions.vehicleId, vehicle.id)))
    .orderBy(desc(vehicleChargingSessions.startTime))
    .limit(limit);
  return rows.map(presentSession);
}

export const presentSession = (row: SessionRow) => ({
  id: row.id,
  start_time: row.startTime.toISOString(),
  end_time: row.endTime?.toISOString() ?? null,
  energy_added_kwh: row.energyAddedKwh,
  battery_level_start: row.batteryLevelStart,
  battery_level_end: row.batteryLevelEnd,
  cost_per_kwh: row.costPerKwh === null ? null : Number(row.costPerKwh),
  total_cost: row.totalCost === null ? null : Number(row.totalCost),
  currency: row.currency,
  latitude: row.latitude,
  longitude: row.longitude,
  odometer_km: row.odometerKm,
});
type Session = ReturnType<typeof presentSession>;

const CSV_COLUMNS: (keyof Session)[] = [
  'start_time',
  'end_time',
  'energy_added_kwh',
  'battery_level_start',
  'battery_level_end',
  'cost_per_kwh',
  'total_cost',
  'currency',
  'latitude',
  'longitude',
  'odometer_km',
];

export const sessionsCsv = (sessions: Session[]): string => csvDocument(CSV_COLUMNS, sessions.map((s) => CSV_COLUMNS.map((c) => s[c])));

/** Samples of the last `hours`, oldest first (the battery-level chart). */
export async function listSamples(userId: string, ref: string, hours: number) {
  const vehicle = await findVehicle(userId, ref);
  const db = await getDb();
  const rows = await db
    .select()
    .from(vehicleSamples)
    .where(and(eq(vehicleSamples.vehicleId, vehicle.id), gte(vehicleSamples.sampledAt, new Date(now().getTime() - hours * 3_600_000))))
    .orderBy(asc(vehicleSamples.sampledAt))
    .limit(5000);
  return rows.map((s) => ({
    sampled_at: s.sampledAt.toISOString(),
    battery_level: s.batteryLevel,
    range_km: s.rangeKm,
    is_charging: s.isCharging,
    is_plugged_in: s.isPluggedIn,
    charge_rate_kw: s.chargeRateKw,
  }));
}
