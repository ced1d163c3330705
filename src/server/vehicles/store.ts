/**
 * Writes of cached vehicle state. Both the API fetches and the webhooks come
 * through here, so the rules hold everywhere: a vehicle belongs to one user,
 * and an older `lastSeen` never overwrites a newer one.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { vehicles, vehicleSamples } from '@/server/db/schema';
import { now } from '@/server/clock';
import type { EnodeVehicle } from '@/server/enode/schemas';
import { enqueueVehiclePush } from '@/server/ha/push/deliveries';

type Executor = Db | Tx;
export type VehicleRow = typeof vehicles.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Our ids (users, vehicles) are UUIDs; Enode's vehicle ids need not be. */
export const isUuid = (value: string) => UUID.test(value);

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * Upserts one vehicle and queues its pushes to Home Assistant (the caller
 * wakes the push worker after committing); undefined when the stored one is
 * newer or belongs to someone else.
 */
export async function saveVehicle(db: Executor, userId: string, vehicle: EnodeVehicle): Promise<VehicleRow | undefined> {
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
  if (!row) return undefined;
  const charge = vehicle.chargeState;
  await db
    .insert(vehicleSamples)
    .values({
      vehicleId: row.id,
      sampledAt: lastSeen ?? at,
      batteryLevel: charge?.batteryLevel == null ? null : Math.round(charge.batteryLevel),
      rangeKm: charge?.range ?? null,
      isCharging: charge?.isCharging ?? null,
      isPluggedIn: charge?.isPluggedIn ?? null,
      chargeRateKw: charge?.chargeRate ?? null,
      odometerKm: vehicle.odometer?.distance ?? null,
      latitude: vehicle.location?.latitude ?? null,
      longitude: vehicle.location?.longitude ?? null,
    })
    .onConflictDoNothing();
  await enqueueVehiclePush(db, row);
  return row;
}

export async function deleteVehicle(db: Executor, userId: string, enodeVehicleId: string): Promise<boolean> {
  const deleted = await db
    .delete(vehicles)
    .where(and(eq(vehicles.userId, userId), eq(vehicles.enodeVehicleId, enodeVehicleId)))
    .returning({ id: vehicles.id });
  return deleted.length > 0;
}
