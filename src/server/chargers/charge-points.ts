import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { chargePointEvents, chargePoints, connectors, transactions, type ChargePoint, type Connector } from '@/server/db/schema';
import { chargePointWithPresence, getOperableChargePoint, getOwnedChargePoint, operableBy, type ChargePointWithPresence } from './ownership';
import { ocppUrl } from './registration';
import { presentConnectionSettings } from './security';
import { emit } from '@/server/events/domain-events';
import { chargePointAllocation } from './load/allocation';
import { getOwnedSite } from './sites';
import { requireOwnedTariff } from './tariffs';
import { presentTransaction } from './transactions';
import { localListState } from './local-list';
import { connectorPower, livePowerOf, totalPower } from './live-power';
import { chargingModeSchema, setModeOf, setModeOfAll } from '@/server/energy/charging-modes';

/** The user's charge points and those on the sites they manage. */
export async function listChargePoints(userId: string): Promise<ChargePointWithPresence[]> {
  const db = await getDb();
  return db.select(chargePointWithPresence()).from(chargePoints).where(operableBy(userId)).orderBy(asc(chargePoints.name));
}

/** `connected` comes with the row (ownership.ts), the same on every instance; a just-registered one is not connected. */
export const presentChargePoint = (cp: ChargePoint & { connected?: boolean }) => ({
  id: cp.id,
  identity: cp.identity,
  name: cp.name,
  connected: cp.connected ?? false,
  ocpp_version: cp.ocppVersion,
  vendor: cp.vendor,
  model: cp.model,
  serial_number: cp.serialNumber,
  firmware_version: cp.firmwareVersion,
  registration_status: cp.registrationStatus,
  last_seen_at: cp.lastSeenAt?.toISOString() ?? null,
  last_boot_at: cp.lastBootAt?.toISOString() ?? null,
  site_id: cp.siteId,
  tariff_id: cp.tariffId,
  ...presentConnectionSettings(cp),
});

/**
 * Adds where the charge point connects. Not part of presentChargePoint: the
 * address depends on the request (public-url.ts), so the API and pages add it.
 */
export const withOcppUrl = <T extends { identity: string }>(baseUrl: string, cp: T) => ({ ...cp, ocpp_url: ocppUrl(baseUrl, cp.identity) });

export const updateChargePointSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  site_id: z.uuid().nullish(),
  tariff_id: z.uuid().nullish(),
  /** Energy management: the mode of every connector (docs/energy-management.md). */
  charging_mode: chargingModeSchema.optional(),
  /** Per-connector maximum for load balancing (the cable or breaker rating; null removes it) and charging mode. */
  connectors: z
    .array(
      z.object({
        evse_id: z.number().int().min(1),
        connector_id: z.number().int().min(1),
        max_current_a: z.number().positive().max(1000).nullable().optional(),
        charging_mode: chargingModeSchema.optional(),
      }),
    )
    .max(32)
    .optional(),
});

/** Renames a charge point or assigns it to one of the owner's sites and tariffs (another user's is 404). */
export async function updateChargePoint(ownerId: string, id: string, input: z.infer<typeof updateChargePointSchema>): Promise<ChargePointWithPresence> {
  const cp = await getOwnedChargePoint(ownerId, id);
  const db = await getDb();
  if (input.site_id) await getOwnedSite(ownerId, input.site_id);
  if (input.tariff_id) await requireOwnedTariff(ownerId, input.tariff_id);
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.site_id !== undefined && { siteId: input.site_id }),
    ...(input.tariff_id !== undefined && { tariffId: input.tariff_id }),
  };
  if (input.charging_mode) await setModeOfAll(db, cp.id, input.charging_mode);
  for (const c of input.connectors ?? []) {
    if (c.max_current_a !== undefined)
      await db
        .insert(connectors)
        .values({ chargePointId: cp.id, evseId: c.evse_id, connectorId: c.connector_id, maxCurrentA: c.max_current_a })
        .onConflictDoUpdate({ target: [connectors.chargePointId, connectors.evseId, connectors.connectorId], set: { maxCurrentA: c.max_current_a } });
    if (c.charging_mode) await setModeOf(db, cp.id, c.evse_id, c.connector_id, c.charging_mode);
  }
  const [row] =
    Object.keys(set).length === 0 ? [cp] : await db.update(chargePoints).set(set).where(eq(chargePoints.id, cp.id)).returning(chargePointWithPresence());
  // A move changes the load of both sites; a connector maximum that of its own.
  for (const siteId of new Set([cp.siteId, row.siteId])) if (siteId) emit({ type: 'site.changed', siteId });
  return row;
}

const presentConnector = (c: Connector) => ({
  evse_id: c.evseId,
  connector_id: c.connectorId,
  max_current_a: c.maxCurrentA,
  charging_mode: c.chargingMode,
  status: c.status,
  error_code: c.errorCode,
  info: c.info,
  status_at: c.statusAt?.toISOString() ?? null,
});

/** A charge point with its connectors (connector 0 of 1.6 is the charge point itself) and open transactions. */
export async function chargePointDetail(userId: string, id: string) {
  const cp = await getOperableChargePoint(userId, id);
  const db = await getDb();
  const [connectorRows, open, localList] = await Promise.all([
    db.select().from(connectors).where(eq(connectors.chargePointId, cp.id)).orderBy(asc(connectors.evseId), asc(connectors.connectorId)),
    db
      .select()
      .from(transactions)
      .where(and(eq(transactions.chargePointId, cp.id), isNull(transactions.stoppedAt)))
      .orderBy(desc(transactions.startedAt)),
    localListState(cp.id),
  ]);
  const power = (await livePowerOf(open)).get(cp.id);
  const charging = new Set(open.map((t) => t.evseId));
  const station = connectorRows.find((c) => c.evseId === 0 && c.connectorId === 0);
  // The site's current allocation: the limit each of this charge point's sessions got.
  const allocated = cp.siteId ? await chargePointAllocation(cp.id, cp.siteId) : new Map<number, number>();
  return {
    ...presentChargePoint(cp),
    /** The caller's role: `manager` for a charge point on a site they manage (docs/site-members.md). */
    role: cp.role,
    status: station?.status ?? null,
    error_code: station?.errorCode ?? null,
    firmware_status: cp.firmwareStatus,
    firmware_status_at: cp.firmwareStatusAt?.toISOString() ?? null,
    diagnostics_status: cp.diagnosticsStatus,
    diagnostics_status_at: cp.diagnosticsStatusAt?.toISOString() ?? null,
    local_list: localList,
    /** Sum over EVSEs with a running session; null while they have no power reading yet. */
    power_w: totalPower(charging, power),
    connectors: connectorRows
      .filter((c) => c !== station)
      .map((c) => ({
        ...presentConnector(c),
        power_w: connectorPower(c.evseId, charging, power),
        allocated_a: allocated.get(c.evseId) ?? null,
      })),
    active_transaction: open[0] ? presentTransaction(open[0]) : null,
    active_transactions: open.map(presentTransaction),
  };
}

export const eventListQuery = z.object({
  /** e.g. StatusNotification: the fault history (only Faulted or error-coded notifications are kept). */
  action: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Stored charge-point messages, newest first. */
export async function listEvents(userId: string, id: string, query: z.infer<typeof eventListQuery>) {
  const cp = await getOperableChargePoint(userId, id);
  const db = await getDb();
  const rows = await db
    .select()
    .from(chargePointEvents)
    .where(and(eq(chargePointEvents.chargePointId, cp.id), query.action ? eq(chargePointEvents.action, query.action) : undefined))
    .orderBy(desc(chargePointEvents.receivedAt), desc(chargePointEvents.id))
    .limit(query.limit);
  return rows.map((e) => ({ id: e.id, action: e.action, received_at: e.receivedAt.toISOString(), payload: e.payload }));
}
