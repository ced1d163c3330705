import { and, asc, eq, or } from 'drizzle-orm';
import { userRowCache } from '@/server/cache/user-rows';
import { getDb } from '@/server/db/client';
import { enodeLinks, vehicles } from '@/server/db/schema';
import { enodeClient } from '@/server/enode';
import { EnodeError } from '@/server/enode/errors';
import { notFound } from '@/server/http/errors';
import { emit } from '@/server/events/domain-events';
import { getLogger } from '@/server/observability/logger';
import { isUuid, saveVehicle, savedVehicleEvents, type VehicleRow } from './store';
import { processState } from '@/server/runtime';

export async function listVehicles(userId: string): Promise<VehicleRow[]> {
  const db = await getDb();
  return db.select().from(vehicles).where(eq(vehicles.userId, userId)).orderBy(asc(vehicles.createdAt), asc(vehicles.id));
}

/** The user's vendor links: `broken` when Enode reported the credentials invalid. */
export async function listLinks(userId: string) {
  const db = await getDb();
  const rows = await db.select().from(enodeLinks).where(eq(enodeLinks.userId, userId)).orderBy(asc(enodeLinks.vendor));
  return rows.map((link) => ({
    vendor: link.vendor,
    status: link.status,
    status_reason: link.statusReason,
    updated_at: link.updatedAt.toISOString(),
  }));
}

/** A user's vehicle by our id or its Enode id; anyone else's is "not found" (no existence leak). */
const vehicleRows = userRowCache<VehicleRow>('vehicles');

export async function findVehicle(userId: string, ref: string): Promise<VehicleRow> {
  const row = await vehicleRows.get(`${userId}/${ref}`, async () => {
    const db = await getDb();
    const byRef = isUuid(ref) ? or(eq(vehicles.id, ref), eq(vehicles.enodeVehicleId, ref)) : eq(vehicles.enodeVehicleId, ref);
    const [found] = await db.select().from(vehicles).where(and(eq(vehicles.userId, userId), byRef)).limit(1);
    return found && { userId, value: found };
  });
  if (!row) throw notFound('vehicle');
  return row;
}

export interface Refreshed {
  vehicle: VehicleRow;
  /** True when Enode could not be reached and the cached state is returned. */
  stale: boolean;
}

// One upstream fetch per vehicle at a time, shared by every caller (one map per process).
const inFlight: Map<string, Promise<Refreshed>> = processState<Map<string, Promise<Refreshed>>>('vehicleRefresh', () => new Map());

/** Fetches the vehicle from Enode now; concurrent refreshes of one vehicle share a single fetch. */
export async function refreshVehicle(userId: string, ref: string): Promise<Refreshed> {
  const cached = await findVehicle(userId, ref);
  const running = inFlight.get(cached.id);
  if (running) return running;
  const refresh = fetchAndSave(userId, cached).finally(() => inFlight.delete(cached.id));
  inFlight.set(cached.id, refresh);
  return refresh;
}

async function fetchAndSave(userId: string, cached: VehicleRow): Promise<Refreshed> {
  try {
    const fresh = await enodeClient().getVehicle(cached.enodeVehicleId);
    const saved = await saveVehicle(await getDb(), userId, fresh);
    emit(...savedVehicleEvents([saved]));
    // Not saved: a webhook already brought newer state; that is what we show.
    return { vehicle: saved.status === 'saved' ? saved.vehicle : await findVehicle(userId, cached.id), stale: false };
  } catch (error) {
    if (error instanceof EnodeError && error.unavailable) {
      getLogger().warn({ vehicleId: cached.id, status: error.upstreamStatus }, 'Enode unavailable; serving the cached vehicle');
      return { vehicle: cached, stale: true };
    }
    throw error;
  }
}

type ChargeState = {
  batteryLevel?: number | null;
  range?: number | null;
  isCharging?: boolean | null;
  isPluggedIn?: boolean | null;
  chargeRate?: number | null;
  powerDeliveryState?: string | null;
};
type Location = { latitude?: number | null; longitude?: number | null };

export function presentVehicle(row: VehicleRow) {
  const charge = (row.state?.chargeState ?? {}) as ChargeState;
  const location = (row.state?.location ?? {}) as Location;
  return {
    id: row.id,
    enode_vehicle_id: row.enodeVehicleId,
    vendor: row.vendor,
    display_name: row.displayName ?? ([row.brand, row.model].filter(Boolean).join(' ') || null),
    brand: row.brand,
    model: row.model,
    year: row.year,
    vin: row.vin,
    battery_level: charge.batteryLevel ?? null,
    range_km: charge.range ?? null,
    is_charging: charge.isCharging ?? null,
    is_plugged_in: charge.isPluggedIn ?? null,
    charging_state: charge.powerDeliveryState ?? null,
    is_reachable: row.isReachable,
    charge_rate_kw: charge.chargeRate ?? null,
    latitude: location.latitude ?? null,
    longitude: location.longitude ?? null,
    update_strategy: row.updateStrategy,
    poll_interval_minutes: row.pollIntervalMinutes,
    is_simulated: row.isSimulated,
    last_seen: row.lastSeen?.toISOString() ?? null,
    fetched_at: row.fetchedAt?.toISOString() ?? null,
    /** The full vehicle as Enode sent it (Home Assistant reads Enode's field names). */
    enode: row.state,
  };
}

export type PresentedVehicle = ReturnType<typeof presentVehicle>;
