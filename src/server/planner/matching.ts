/**
 * The car on the charger: which of the session user's vehicles a session
 * charges (a site driver's for a session their id tag started, else the charge
 * point owner's: session-access.ts). Rules (docs/planner.md#matching):
 *
 * 1. The user's choice for the session (`manual`, or `declined`: not this car) stands.
 * 2. Else the user's default vehicle at this charge point (`default`).
 * 3. Else the one vehicle that reports plugged in within VEHICLE_MATCH_WINDOW_S
 *    of the session's start, either before or after it (`auto`). Two or more:
 *    `ambiguous`, the user picks. None: no car yet; a later plug-in report matches.
 *
 * A vehicle already matched with another open session is no candidate.
 * Runs after commit, from session.started and vehicle.saved.
 */
import { and, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb } from '@/server/db/client';
import { chargePointDefaultVehicles, chargePoints, idTags, siteMembers, transactions, vehicleSamples, vehicles, type Transaction } from '@/server/db/schema';
import { emit } from '@/server/events/domain-events';
import { conflict, notFound } from '@/server/http/errors';
import { sessionMember, sessionTag } from '@/server/chargers/session-member';
import { chargePointRole, openSessionsWithUser, readableSessions, sessionFor } from './session-access';

type Match = NonNullable<Transaction['vehicleMatch']>;

interface ChargeState {
  batteryLevel?: number | null;
  isPluggedIn?: boolean | null;
  batteryCapacity?: number | null;
}
export const chargeStateOf = (state: Record<string, unknown> | null | undefined): ChargeState => (state?.chargeState ?? {}) as ChargeState;

/** When the vehicle's current plug-in began (its samples), or null when it is not plugged in. */
async function pluggedSince(vehicleId: string): Promise<Date | null> {
  const db = await getDb();
  const [row] = await db
    .select({ at: sql<Date | null>`min(${vehicleSamples.sampledAt})`.mapWith((v) => (v ? new Date(v) : null)) })
    .from(vehicleSamples)
    .where(
      and(
        eq(vehicleSamples.vehicleId, vehicleId),
        eq(vehicleSamples.isPluggedIn, true),
        sql`${vehicleSamples.sampledAt} > coalesce((select max(u.sampled_at) from vehicle_samples u where u.vehicle_id = ${vehicleId} and u.is_plugged_in = false), '-infinity'::timestamptz)`,
      ),
    );
  return row?.at ?? null;
}

async function setMatch(tx: Pick<Transaction, 'id'>, vehicleId: string | null, match: Match | null): Promise<void> {
  const db = await getDb();
  let battery: number | null = null;
  let capacity: number | null = null;
  if (vehicleId) {
    const [v] = await db.select({ state: vehicles.state }).from(vehicles).where(eq(vehicles.id, vehicleId));
    const cs = chargeStateOf(v?.state);
    battery = cs.batteryLevel == null ? null : Math.round(cs.batteryLevel);
    capacity = cs.batteryCapacity ?? null;
  }
  await db
    .update(transactions)
    .set({ vehicleId, vehicleMatch: match, vehicleBatteryStart: battery, vehicleCapacityKwh: capacity, updatedAt: now() })
    .where(eq(transactions.id, tx.id));
  emit({ type: 'session.vehicleMatched', transactionId: tx.id });
}

/** The user's usual car at the charge point, if they chose one. */
async function defaultVehicle(userId: string, chargePointId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ vehicleId: chargePointDefaultVehicles.vehicleId })
    .from(chargePointDefaultVehicles)
    .where(and(eq(chargePointDefaultVehicles.userId, userId), eq(chargePointDefaultVehicles.chargePointId, chargePointId)));
  return row?.vehicleId ?? null;
}

/** Decides the car of one open session the user has not decided for. */
async function matchTransaction(txId: string): Promise<void> {
  const [row] = await openSessionsWithUser({ transactionId: txId });
  if (row) await matchSession(row);
}

async function matchSession(row: Awaited<ReturnType<typeof openSessionsWithUser>>[number]): Promise<void> {
  if (!row.userId) return;
  const { tx } = row;
  if (tx.vehicleMatch === 'manual' || tx.vehicleMatch === 'declined' || tx.vehicleMatch === 'default' || tx.vehicleMatch === 'auto') return;
  const db = await getDb();
  const own = await db
    .select({
      id: vehicles.id,
      state: vehicles.state,
      // Matched with another open session: no candidate (a usual car still wins). The table named: in a
      // select list without joins Drizzle leaves columns bare, and a bare "id" here would be the session's.
      busy: sql<boolean>`exists (select 1 from ${transactions} t where t.vehicle_id = ${vehicles}.id and t.stopped_at is null and t.id <> ${tx.id})`,
    })
    .from(vehicles)
    .where(eq(vehicles.userId, row.userId));
  // A usual car is always one of the user's own (setSessionVehicle): without a car there is nothing to match, and a start costs no more statements.
  if (own.length === 0) return;
  const usual = await defaultVehicle(row.userId, tx.chargePointId);
  if (usual) return setMatch(tx, usual, 'default');
  const windowMs = getConfig().planner.matchWindowS * 1000;
  const candidates: string[] = [];
  for (const v of own) {
    if (v.busy || chargeStateOf(v.state).isPluggedIn !== true) continue;
    const since = await pluggedSince(v.id);
    if (since && Math.abs(since.getTime() - tx.startedAt.getTime()) <= windowMs) candidates.push(v.id);
  }
  if (candidates.length === 1) return setMatch(tx, candidates[0], 'auto');
  if (candidates.length > 1 && tx.vehicleMatch !== 'ambiguous') return setMatch(tx, null, 'ambiguous');
}

/** session.started: the charge point reported a new session. */
export async function matchStartedSession(chargePointId: string, ocppTransactionId: string): Promise<void> {
  const [row] = await openSessionsWithUser({ chargePointId, ocppTransactionId });
  if (row) await matchSession(row);
}

/**
 * vehicle.saved: a car that reports plugged in may belong to a session that
 * started shortly before or after, on the user's own charge points or one
 * their tag started on a site they are a member of (matchTransaction decides).
 */
export async function matchSavedVehicles(userId: string, vehicleIds: string[]): Promise<void> {
  const db = await getDb();
  const windowMs = getConfig().planner.matchWindowS * 1000;
  const plugged = await db.select({ id: vehicles.id, state: vehicles.state }).from(vehicles).where(and(eq(vehicles.userId, userId), inArray(vehicles.id, vehicleIds)));
  for (const v of plugged) {
    if (chargeStateOf(v.state).isPluggedIn !== true) continue;
    const since = await pluggedSince(v.id);
    if (!since) continue;
    const open = await db
      .select({ id: transactions.id })
      .from(transactions)
      .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
      .leftJoin(idTags, sessionTag)
      .leftJoin(siteMembers, sessionMember)
      .where(
        and(
          or(eq(chargePoints.ownerId, userId), eq(siteMembers.userId, userId)),
          isNull(transactions.stoppedAt),
          or(isNull(transactions.vehicleMatch), eq(transactions.vehicleMatch, 'ambiguous')),
          gte(transactions.startedAt, new Date(since.getTime() - windowMs)),
          lte(transactions.startedAt, new Date(since.getTime() + windowMs)),
        ),
      );
    for (const tx of open) await matchTransaction(tx.id);
  }
}

/** session.stopped: remember the car's level at the end, for the session's two-sided energy. */
export async function recordVehicleAtEnd(chargePointId: string, ocppTransactionId: string): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select({ id: transactions.id, state: vehicles.state })
    .from(transactions)
    .innerJoin(vehicles, eq(vehicles.id, transactions.vehicleId))
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.ocppTransactionId, ocppTransactionId)));
  const level = chargeStateOf(row?.state).batteryLevel;
  if (row && level != null) await db.update(transactions).set({ vehicleBatteryEnd: Math.round(level) }).where(eq(transactions.id, row.id));
}

export const sessionVehicleSchema = z
  .object({
    /** The car of the running session; null: "not this car". */
    vehicle_id: z.uuid({ error: 'Choose one of your vehicles' }).nullable().optional(),
    /** The caller's car their sessions here are matched with from now on; null: none (match automatically). */
    default_vehicle_id: z.uuid({ error: 'Choose one of your vehicles' }).nullable().optional(),
    /** Which session, on a charge point with several EVSEs. */
    evse_id: z.number().int().min(0).max(100).optional(),
  })
  .refine((b) => b.vehicle_id !== undefined || b.default_vehicle_id !== undefined, { message: 'Give vehicle_id or default_vehicle_id' });

async function ownVehicle(userId: string, vehicleId: string) {
  const db = await getDb();
  const [v] = await db.select({ id: vehicles.id }).from(vehicles).where(and(eq(vehicles.id, vehicleId), eq(vehicles.userId, userId)));
  if (!v) throw notFound('vehicle');
}


/**
 * The session's user picks its car or says "not this car"; anyone with a
 * role on the charge point sets their own usual car there (for their own
 * sessions: the owner's at home, a driver's at a shared site).
 */
export async function setSessionVehicle(userId: string, chargePointId: string, input: z.infer<typeof sessionVehicleSchema>) {
  const db = await getDb();
  if (input.default_vehicle_id !== undefined) {
    const { cp } = await chargePointRole(userId, chargePointId);
    if (input.default_vehicle_id) {
      await ownVehicle(userId, input.default_vehicle_id);
      await db
        .insert(chargePointDefaultVehicles)
        .values({ userId, chargePointId: cp.id, vehicleId: input.default_vehicle_id })
        .onConflictDoUpdate({ target: [chargePointDefaultVehicles.userId, chargePointDefaultVehicles.chargePointId], set: { vehicleId: input.default_vehicle_id, createdAt: now() } });
    } else {
      await db.delete(chargePointDefaultVehicles).where(and(eq(chargePointDefaultVehicles.userId, userId), eq(chargePointDefaultVehicles.chargePointId, cp.id)));
    }
  }
  if (input.vehicle_id !== undefined) {
    const { session } = await sessionFor(userId, chargePointId, input.evse_id, true);
    if (!session) throw conflict('no_session', 'errors.planner.noSession');
    if (input.vehicle_id) await ownVehicle(userId, input.vehicle_id);
    const { tx } = session;
    if (input.vehicle_id) {
      const [other] = await db
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(eq(transactions.vehicleId, input.vehicle_id), isNull(transactions.stoppedAt), ne(transactions.id, tx.id)));
      if (other) await setMatch(other, null, 'declined');
    }
    await setMatch(tx, input.vehicle_id, input.vehicle_id ? 'manual' : 'declined');
  }
  return sessionVehicle(userId, chargePointId);
}

/**
 * The matched car of the charge point's running sessions the user sees (for
 * the page, My charging and Home Assistant), and the caller's own usual car there.
 */
export async function sessionVehicle(userId: string, chargePointId: string) {
  const { cp, sessions } = await readableSessions(userId, chargePointId);
  const db = await getDb();
  const ids = sessions.map((s) => s.tx.vehicleId).filter((id): id is string => id !== null);
  const cars = ids.length ? await db.select().from(vehicles).where(inArray(vehicles.id, ids)) : [];
  return {
    default_vehicle_id: await defaultVehicle(userId, cp.id),
    sessions: sessions.map(({ tx, userId: sessionUser }) => ({
      ...presentSessionVehicle(tx, cars.find((v) => v.id === tx.vehicleId) ?? null),
      /** The caller's own session: they choose its car (someone else's, such as a driver's seen by the owner, only shows it). */
      own_session: sessionUser === userId,
    })),
  };
}

export function presentSessionVehicle(tx: Transaction, vehicle: typeof vehicles.$inferSelect | null) {
  const cs = chargeStateOf(vehicle?.state);
  const capacity = tx.vehicleCapacityKwh ?? cs.batteryCapacity ?? null;
  const levelNow = tx.stoppedAt ? tx.vehicleBatteryEnd : cs.batteryLevel == null ? null : Math.round(cs.batteryLevel);
  const gained = levelNow != null && tx.vehicleBatteryStart != null ? levelNow - tx.vehicleBatteryStart : null;
  return {
    transaction_id: tx.id,
    evse_id: tx.evseId,
    vehicle_id: tx.vehicleId,
    vehicle_name: vehicle ? (vehicle.displayName ?? ([vehicle.brand, vehicle.model].filter(Boolean).join(' ') || null)) : null,
    /** default | auto | manual, or ambiguous (several cars plugged in: choose) / declined, or null (no car found yet). */
    match: tx.vehicleMatch,
    battery_level: levelNow,
    battery_level_start: tx.vehicleBatteryStart,
    /** Energy on the two sides: what the charge point metered and what the car's battery gained. */
    energy_charge_point_kwh: tx.energyWh == null ? null : tx.energyWh / 1000,
    energy_vehicle_kwh: gained != null && capacity != null ? Math.round(((gained / 100) * capacity) * 100) / 100 : null,
  };
}

/** The charge point sessions a vehicle was matched with, newest first, with their charge point. */
export async function vehicleChargePointSessions(userId: string, vehicleId: string, limit: number) {
  await ownVehicle(userId, vehicleId);
  const db = await getDb();
  const rows = await db
    .select({ tx: transactions, vehicle: vehicles, cpName: chargePoints.name })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .innerJoin(vehicles, eq(vehicles.id, transactions.vehicleId))
    .where(and(eq(transactions.vehicleId, vehicleId), eq(vehicles.userId, userId)))
    .orderBy(desc(transactions.startedAt))
    .limit(limit);
  return {
    sessions: rows.map(({ tx, vehicle, cpName }) => ({
      ...presentSessionVehicle(tx, vehicle),
      charge_point_id: tx.chargePointId,
      charge_point_name: cpName,
      started_at: tx.startedAt.toISOString(),
      stopped_at: tx.stoppedAt?.toISOString() ?? null,
    })),
  };
}
