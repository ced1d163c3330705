/**
 * Writes of cached vehicle state. Both the API fetches and the webhooks come
 * through here, so the rules hold everywhere: a vehicle belongs to one user,
 * and an older `lastSeen` never overwrites a newer one.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { users, vehicles, vehicleSamples } from '@/server/db/schema';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import type { EnodeVehicle } from '@/server/enode/schemas';
import { enqueueVehiclePush } from '@/server/ha/push/deliveries';
import { effectiveTier, getPlanLimits, type Tier } from '@/server/plans/limits';
import { updateChargingSessions } from './sessions';
import { forgetUserRows } from '@/server/cache/user-rows';

type Executor = Db | Tx;
export type VehicleRow = typeof vehicles.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Our ids (users, vehicles) are UUIDs; Enode's vehicle ids need not be. */
export const isUuid = (value: string) => UUID.test(value);

const excluded = (column: string) => sql.raw(`excluded.${column}`);

export type SaveResult =
  | { status: 'saved'; vehicle: VehicleRow }
  /** The stored state is newer, or the vehicle belongs to someone else. */
  | { status: 'stale' }
  /** A new vehicle beyond the plan's `linked_vehicles`: not stored. */
  | { status: 'vehicle_limit'; limit: number; tier: Tier };

/**
 * A vehicle new to us counts against its owner's plan. The user row is locked
 * so that two discoveries at once cannot both take the last place.
 */
async function overVehicleLimit(db: Executor, userId: string, enodeVehicleId: string) {
  const [known] = await db.select({ id: vehicles.id }).from(vehicles).where(eq(vehicles.enodeVehicleId, enodeVehicleId)).limit(1);
  if (known) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, userId)).for('update');
  if (!user) return undefined;
  const tier = await effectiveTier(user, db);
  const limit = (await getPlanLimits(db))[tier].linked_vehicles;
  const [{ linked }] = await db.select({ linked: count() }).from(vehicles).where(eq(vehicles.userId, userId));
  return linked >= limit ? { limit, tier } : undefined;
}

/**
 * Upserts one vehicle, records the sample, brings its charging sessions up to
 * date and queues its pushes to Home Assistant (the caller wakes the push
 * worker after committing).
 */
export async function saveVehicle(db: Executor, userId: string, vehicle: EnodeVehicle): Promise<SaveResult> {
  const over = await overVehicleLimit(db, userId, vehicle.id);
  if (over) return { status: 'vehicle_limit', ...over };
  const at = now();
  const info = vehicle.information;
  const lastSeen = vehicle.lastSeen ? new Date(vehicle.lastSeen) : null;
  const [row] = await db
    .insert(vehicles)
    .values({
      userId,
      enodeVehicleId: vehicle.id,
      vendor: vehicle.vendor ?? null,
      displayName: info?.displayName ?? null,
      vin: info?.vin ?? null,
      brand: info?.brand ?? null,
      model: info?.model ?? null,
      year: info?.year ?? null,
      state: vehicle,
      lastSeen,
      isReachable: vehicle.isReachable ?? null,
      isSimulated: getConfig().enode?.simulated ?? false,
      fetchedAt: at,
      updatedAt: at,
    })
    .onConflictDoUpdate({
      target: vehicles.enodeVehicleId,
      set: {
        vendor: excluded('vendor'),
        displayName: excluded('display_name'),
        vin: excluded('vin'),
        brand: excluded('brand'),
        model: excluded('model'),
        year: excluded('year'),
        state: excluded('state'),
        lastSeen: excluded('last_seen'),
        isReachable: excluded('is_reachable'),
        fetchedAt: excluded('fetched_at'),
        updatedAt: excluded('updated_at'),
      },
      // Deliveries arrive out of order: keep the newer state. Never move a vehicle between users.
      setWhere: sql`${vehicles.userId} = excluded.user_id and (${vehicles.lastSeen} is null or excluded.last_seen >= ${vehicles.lastSeen})`,
    })
    .returning();
  if (!row) return { status: 'stale' };
  forgetUserRows(userId);
  const charge = vehicle.chargeState;
  const sample = {
    sampledAt: lastSeen ?? at,
    batteryLevel: charge?.batteryLevel == null ? null : Math.round(charge.batteryLevel),
    rangeKm: charge?.range ?? null,
    // Some cars leave isCharging out and only give the power delivery state.
    isCharging: charge?.powerDeliveryState === 'PLUGGED_IN:CHARGING' ? true : (charge?.isCharging ?? null),
    isPluggedIn: charge?.isPluggedIn ?? null,
    chargeRateKw: charge?.chargeRate ?? null,
    odometerKm: vehicle.odometer?.distance ?? null,
    latitude: vehicle.location?.latitude ?? null,
    longitude: vehicle.location?.longitude ?? null,
  };
  const stored = await db
    .insert(vehicleSamples)
    .values({ vehicleId: row.id, ...sample })
    .onConflictDoNothing()
    .returning({ vehicleId: vehicleSamples.vehicleId });
  if (stored.length > 0) await updateChargingSessions(db, userId, row.id, sample, charge?.batteryCapacity ?? null);
  await enqueueVehiclePush(db, row);
  return { status: 'saved', vehicle: row };
}

export async function deleteVehicle(db: Executor, userId: string, enodeVehicleId: string): Promise<boolean> {
  const deleted = await db
    .delete(vehicles)
    .where(and(eq(vehicles.userId, userId), eq(vehicles.enodeVehicleId, enodeVehicleId)))
    .returning({ id: vehicles.id });
  forgetUserRows(userId);
  return deleted.length > 0;
}
