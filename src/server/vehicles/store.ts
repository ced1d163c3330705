/**
 * Writes of cached vehicle state. Both the API fetches and the webhooks come
 * through here, so the rules hold everywhere: a vehicle belongs to one user,
 * and an older `lastSeen` never overwrites a newer one.
 */
import { and, count, eq, getTableColumns, inArray, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/server/db/client';
import { users, vehicles, vehicleSamples } from '@/server/db/schema';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import type { EnodeVehicle } from '@/server/enode/schemas';
import { effectiveTier, getPlanLimits, type Tier } from '@/server/plans/limits';
import { updateChargingSessions } from './sessions';
import type { DomainEvent } from '@/server/events/domain-events';

type Executor = Db | Tx;
export type VehicleRow = typeof vehicles.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Our ids (users, vehicles) are UUIDs; Enode's vehicle ids need not be. */
export const isUuid = (value: string) => UUID.test(value);

const excluded = (column: string) => sql.raw(`excluded.${column}`);
const allColumns = getTableColumns(vehicles);
const returnedColumns = Object.fromEntries(Object.entries(allColumns).filter(([name]) => name !== 'state')) as Omit<typeof allColumns, 'state'>;

export type SaveResult =
  | { status: 'saved'; vehicle: VehicleRow }
  /** The stored state is newer, or the vehicle belongs to someone else. */
  | { status: 'stale' }
  /** A new vehicle beyond the plan's `linked_vehicles`: not stored. */
  | { status: 'vehicle_limit'; limit: number; tier: Tier };

/** One vehicle state to store, as Enode sent it, for its (claimed) owner. */
export interface VehicleUpdate {
  userId: string;
  vehicle: EnodeVehicle;
}

/**
 * How many of `fresh` (vehicle ids new to us, in order) each user may still
 * link. The user row is locked so that two discoveries at once cannot both
 * take the last place.
 */
async function allowedNewVehicles(db: Executor, fresh: Map<string, string[]>): Promise<Map<string, { limit: number; tier: Tier } | undefined>> {
  const refused = new Map<string, { limit: number; tier: Tier } | undefined>();
  for (const [userId, ids] of fresh) {
    const [user] = await db.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user) continue;
    const tier = await effectiveTier(user, db);
    const limit = (await getPlanLimits(db))[tier].linked_vehicles;
    // Not counting these ids: a concurrent save (the link callback and Enode's webhook race) may have stored one since we looked.
    const [{ linked }] = await db
      .select({ linked: count() })
      .from(vehicles)
      .where(and(eq(vehicles.userId, userId), notInArray(vehicles.enodeVehicleId, ids)));
    ids.slice(Math.max(0, limit - linked)).forEach((id) => refused.set(id, { limit, tier }));
  }
  return refused;
}

const sampleOf = (vehicle: EnodeVehicle, at: Date) => {
  const charge = vehicle.chargeState;
  return {
    sampledAt: vehicle.lastSeen ? new Date(vehicle.lastSeen) : at,
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
};

const seenAt = (v: EnodeVehicle) => (v.lastSeen ? Date.parse(v.lastSeen) : undefined);

/**
 * Stores a batch of vehicle states as a set, in a few queries: per vehicle
 * the newest `lastSeen` becomes the cached state (one multi-row upsert that
 * never lets an older one win, nor moves a vehicle between users), every
 * state at least as new as the stored one becomes a sample and the charging
 * sessions are brought up to date. Results are per update, in order; once
 * the caller's transaction has committed it emits `savedVehicleEvents(results)`
 * (cached rows forgotten, pushes queued).
 */
export async function saveVehicles(db: Executor, updates: VehicleUpdate[]): Promise<SaveResult[]> {
  const results: SaveResult[] = updates.map(() => ({ status: 'stale' }));
  if (updates.length === 0) return results;
  const at = now();
  const ids = [...new Set(updates.map((u) => u.vehicle.id))];
  const stored = new Map(
    (
      await db
        .select({ enodeVehicleId: vehicles.enodeVehicleId, userId: vehicles.userId, lastSeen: vehicles.lastSeen })
        .from(vehicles)
        .where(inArray(vehicles.enodeVehicleId, ids))
    ).map((v) => [v.enodeVehicleId, v]),
  );

  // Per vehicle: its owner (stored, else the first claimant) and the updates that may apply.
  const groups = new Map<string, { userId: string; indexes: number[] }>();
  const fresh = new Map<string, string[]>();
  updates.forEach(({ userId, vehicle }, index) => {
    const known = stored.get(vehicle.id);
    let group = groups.get(vehicle.id);
    if (!group) {
      group = { userId: known?.userId ?? userId, indexes: [] };
      groups.set(vehicle.id, group);
      if (!known) fresh.set(userId, [...(fresh.get(userId) ?? []), vehicle.id]);
    }
    if (group.userId !== userId) return;
    // Deliveries arrive out of order: nothing older than the stored state.
    const floor = known?.lastSeen?.getTime();
    const seen = seenAt(vehicle);
    if (floor !== undefined && (seen === undefined || seen < floor)) return;
    group.indexes.push(index);
  });
  const refused = fresh.size > 0 ? await allowedNewVehicles(db, fresh) : new Map();
  for (const [id, group] of groups) {
    const over = refused.get(id);
    if (!over) continue;
    group.indexes.forEach((i) => (results[i] = { status: 'vehicle_limit', ...over }));
    groups.delete(id);
  }

  // The newest state per vehicle (a later one wins a tie); sorted so concurrent batches lock rows in one order.
  const newest = [...groups.entries()]
    .filter(([, g]) => g.indexes.length > 0)
    .map(([id, g]) => {
      const index = g.indexes.reduce((best, i) => ((seenAt(updates[i].vehicle) ?? -Infinity) >= (seenAt(updates[best].vehicle) ?? -Infinity) ? i : best));
      return { id, userId: g.userId, vehicle: updates[index].vehicle };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (newest.length === 0) return results;
  const isSimulated = getConfig().enode?.simulated ?? false;
  const returned = await db
    .insert(vehicles)
    .values(
      newest.map(({ userId, vehicle }) => {
        const info = vehicle.information;
        return {
          userId,
          enodeVehicleId: vehicle.id,
          vendor: vehicle.vendor ?? null,
          displayName: info?.displayName ?? null,
          vin: info?.vin ?? null,
          brand: info?.brand ?? null,
          model: info?.model ?? null,
          year: info?.year ?? null,
          state: vehicle,
          lastSeen: vehicle.lastSeen ? new Date(vehicle.lastSeen) : null,
          isReachable: vehicle.isReachable ?? null,
          isSimulated,
          fetchedAt: at,
          updatedAt: at,
        };
      }),
    )
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
      // Checked again here: another delivery may have stored a newer state since the read above.
      setWhere: sql`${vehicles.userId} = excluded.user_id and (${vehicles.lastSeen} is null or excluded.last_seen >= ${vehicles.lastSeen})`,
    })
    // The state just written is in memory: reading 100 JSON documents back would cost more than the upsert.
    .returning(returnedColumns);
  if (returned.length === 0) return results;
  const states = new Map(newest.map((n) => [n.id, n.vehicle]));
  const rows: VehicleRow[] = returned.map((row) => ({ ...row, state: states.get(row.enodeVehicleId)! }));
  const saved = new Map(rows.map((row) => [row.enodeVehicleId, row]));

  const samples: (ReturnType<typeof sampleOf> & { vehicleId: string })[] = [];
  for (const [id, group] of groups) {
    const row = saved.get(id);
    if (!row) continue;
    for (const i of group.indexes) {
      results[i] = { status: 'saved', vehicle: row };
      samples.push({ vehicleId: row.id, ...sampleOf(updates[i].vehicle, at) });
    }
  }
  // A redelivered state is already a sample: only the new ones go to the sessions.
  const inserted = await db
    .insert(vehicleSamples)
    .values(samples)
    .onConflictDoNothing()
    .returning({ vehicleId: vehicleSamples.vehicleId, sampledAt: vehicleSamples.sampledAt });
  const isNew = new Set(inserted.map((s) => `${s.vehicleId} ${s.sampledAt.getTime()}`));
  const byVehicle = new Map<string, typeof samples>();
  for (const sample of samples) {
    const key = `${sample.vehicleId} ${sample.sampledAt.getTime()}`;
    if (!isNew.delete(key)) continue; // the first of equal times is the one stored
    byVehicle.set(sample.vehicleId, [...(byVehicle.get(sample.vehicleId) ?? []), sample]);
  }
  const capacity = new Map(newest.map((n) => [n.id, n.vehicle.chargeState?.batteryCapacity ?? null]));
  await updateChargingSessions(
    db,
    rows
      .filter((row) => byVehicle.has(row.id))
      .map((row) => ({
        userId: row.userId,
        vehicleId: row.id,
        samples: byVehicle.get(row.id)!.sort((a, b) => a.sampledAt.getTime() - b.sampledAt.getTime()),
        capacityKwh: capacity.get(row.enodeVehicleId) ?? null,
      })),
  );
  return results;
}

/** What a save announces once committed: per user, the vehicles it stored. */
export function savedVehicleEvents(results: SaveResult[]): DomainEvent[] {
  const byUser = new Map<string, Set<string>>();
  for (const result of results) {
    if (result.status !== 'saved') continue;
    const { userId, id } = result.vehicle;
    byUser.set(userId, (byUser.get(userId) ?? new Set()).add(id));
  }
  return [...byUser].map(([userId, ids]) => ({ type: 'vehicle.saved', userId, vehicleIds: [...ids] }));
}

/** One vehicle: see saveVehicles. */
export async function saveVehicle(db: Executor, userId: string, vehicle: EnodeVehicle): Promise<SaveResult> {
  return (await saveVehicles(db, [{ userId, vehicle }]))[0];
}

/** Our id of the deleted vehicle (announce `vehicle.deleted` once committed), or undefined when there was none. */
export async function deleteVehicle(db: Executor, userId: string, enodeVehicleId: string): Promise<string | undefined> {
  const [deleted] = await db
    .delete(vehicles)
    .where(and(eq(vehicles.userId, userId), eq(vehicles.enodeVehicleId, enodeVehicleId)))
    .returning({ id: vehicles.id });
  return deleted?.id;
}
