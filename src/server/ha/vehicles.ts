/** Vehicles for Home Assistant: the cached state, refreshed from Enode when it is overdue. */
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { vehicleChargingSessions, type Vehicle } from '@/server/db/schema';
import { notFound } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { findVehicle, listVehicles, refreshVehicle } from '@/server/vehicles/vehicles';
import { buildVehicleStatus, presentHaVehicle } from './vehicle-status';

export async function listHaVehicles(userId: string) {
  return (await listVehicles(userId)).map(presentHaVehicle);
}

function isOverdue(vehicle: Vehicle): boolean {
  if (vehicle.updateStrategy === 'manual') return false;
  const maxAgeMs = getConfig().vehicleCacheMaxAgeS * 1000;
  return !vehicle.fetchedAt || now().getTime() - vehicle.fetchedAt.getTime() > maxAgeMs;
}

/** The status object; an overdue cache is refreshed first (single flight), the cache is the fallback. */
export async function getHaVehicleStatus(userId: string, ref: string) {
  const cached = await findVehicle(userId, ref);
  if (!isOverdue(cached)) return buildVehicleStatus(cached, { stale: false });
  try {
    const { vehicle, stale } = await refreshVehicle(userId, cached.id);
    return buildVehicleStatus(vehicle, { stale });
  } catch (error) {
    getLogger().warn({ err: error, vehicleId: cached.id }, 'vehicle refresh failed; serving the cached state');
    return buildVehicleStatus(cached, { stale: true });
  }
}

/** Refreshes one vehicle, or all of the user's, from Enode. */
export async function refreshHaVehicles(userId: string, ref?: string) {
  const targets = ref ? [await findVehicle(userId, ref)] : await listVehicles(userId);
  const results = await Promise.all(targets.map((v) => refreshVehicle(userId, v.id)));
  return results.map(({ vehicle, stale }) => buildVehicleStatus(vehicle, { stale }));
}

// ---------------------------------------------------------------- charging sessions

export const sessionsQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

type SessionRow = typeof vehicleChargingSessions.$inferSelect;

const decimal = (value: string | null) => (value === null ? null : Number(value));

export function presentHaSession(row: SessionRow) {
  return {
    session_id: row.id,
    vehicle_id: row.vehicleId,
    start_time: row.startTime.toISOString(),
    end_time: row.endTime?.toISOString() ?? null,
    energy_added_kwh: row.energyAddedKwh,
    total_cost: decimal(row.totalCost),
    cost_per_kwh: decimal(row.costPerKwh),
    currency: row.currency,
    station_name: row.stationName,
    battery_level_start: row.batteryLevelStart,
    battery_level_end: row.batteryLevelEnd,
    location_lat: row.latitude,
    location_lon: row.longitude,
    odometer_km: row.odometerKm,
    created_at: row.createdAt.toISOString(),
  };
}

/** Sessions started after `since`, oldest first, at most `limit`, with whether more follow. */
export async function listHaSessions(userId: string, query: z.infer<typeof sessionsQuerySchema>) {
  const db = await getDb();
  const owned = eq(vehicleChargingSessions.userId, userId);
  const rows = await db
    .select()
    .from(vehicleChargingSessions)
    .where(query.since ? and(owned, gt(vehicleChargingSessions.startTime, new Date(query.since))) : owned)
    .orderBy(asc(vehicleChargingSessions.startTime), asc(vehicleChargingSessions.id))
    .limit(query.limit + 1);
  return { sessions: rows.slice(0, query.limit).map(presentHaSession), has_more: rows.length > query.limit };
}

export const odometerSchema = z.object({ odometer_km: z.number().positive().max(10_000_000) });

/** Records the odometer on the vehicle's latest charging session (Home Assistant reads it from the car). */
export async function recordSessionOdometer(userId: string, ref: string, odometerKm: number) {
  const vehicle = await findVehicle(userId, ref);
  const db = await getDb();
  const [latest] = await db
    .select({ id: vehicleChargingSessions.id })
    .from(vehicleChargingSessions)
    .where(eq(vehicleChargingSessions.vehicleId, vehicle.id))
    .orderBy(desc(vehicleChargingSessions.startTime))
    .limit(1);
  if (!latest) throw notFound('vehicleSession');
  const [updated] = await db
    .update(vehicleChargingSessions)
    .set({ odometerKm })
    .where(eq(vehicleChargingSessions.id, latest.id))
    .returning();
  return { status: 'success', ...presentHaSession(updated) };
}
