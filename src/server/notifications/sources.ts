/**
 * Domain events that become notifications (subscribed in
 * events/subscribers.ts, scope `origin`, so one instance queues each): they
 * read what the message says and write the outbox rows, after the
 * producer's commit and without it waiting. Each names its incident, so a
 * replayed event queues nothing new.
 */
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import {
  billingNotices,
  chargePoints,
  notificationDeliveries,
  notificationPreferences,
  transactions,
  vehicleChargingSessions,
  vehicles,
} from '@/server/db/schema';
import type { EventOf } from '@/server/events/domain-events';
import { enqueue, type Notification } from './outbox';
import { wakeNotifications } from './worker';

async function queue(notifications: Notification[]): Promise<void> {
  if (notifications.length === 0) return;
  const db = await getDb();
  if ((await enqueue(db, notifications)) > 0) wakeNotifications();
}

type FinishedRow = { tx: typeof transactions.$inferSelect; ownerId: string | null; name: string };

function sessionFinished(row: FinishedRow): Notification[] {
  const { tx } = row;
  if (!row.ownerId || !tx.stoppedAt) return [];
  return [
    {
      userId: row.ownerId,
      kind: 'session_finished',
      incidentKey: `transaction:${tx.id}`,
      facts: {
        chargePointId: tx.chargePointId,
        chargePointName: row.name,
        energyKwh: tx.energyWh === null ? null : tx.energyWh / 1000,
        durationMinutes: (tx.stoppedAt.getTime() - tx.startedAt.getTime()) / 60_000,
        cost: tx.cost === null ? null : Number(tx.cost),
        currency: tx.currency,
      },
    },
  ];
}

const finishedColumns = { tx: transactions, ownerId: chargePoints.ownerId, name: chargePoints.name };
/**
 * The owner chose something for finished sessions (off until they do,
 * catalog.ts): for everyone else a stop costs no further statements.
 */
const choseSessionFinished = sql`exists (select 1 from ${notificationPreferences} p where p.user_id = ${chargePoints.ownerId} and p.choices->'session_finished' is not null)`;

export async function notifySessionFinished({ chargePointId, ocppTransactionId }: EventOf<'session.stopped'>): Promise<void> {
  const db = await getDb();
  const [row] = await db
    .select(finishedColumns)
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.ocppTransactionId, ocppTransactionId), choseSessionFinished));
  if (row) await queue(sessionFinished(row));
}

/** How far back the sweep looks for finished sessions whose notification a crash kept from being queued. */
const SWEEP_WINDOW_MS = 3_600_000;

/**
 * The safety net for a crash between a session's commit and its subscriber:
 * sessions stopped within the hour, of owners who chose to hear about them,
 * with no delivery yet, are queued now (the unique key makes a race with the
 * subscriber harmless). Run by the incident scan.
 */
export async function sweepFinishedSessions(): Promise<void> {
  const db = await getDb();
  const rows = await db
    .select(finishedColumns)
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .where(
      and(
        gt(transactions.stoppedAt, new Date(now().getTime() - SWEEP_WINDOW_MS)),
        choseSessionFinished,
        sql`not exists (select 1 from ${notificationDeliveries} d where d.user_id = ${chargePoints.ownerId} and d.kind = 'session_finished' and d.incident_key = 'transaction:' || ${transactions.id})`,
      ),
    );
  await queue([...rows.flatMap(sessionFinished), ...(await finishedVehicleSessions())]);
}

type VehicleSessionRow = { session: typeof vehicleChargingSessions.$inferSelect; name: string | null; brand: string | null; model: string | null };

function vehicleSessionFinished({ session, name, brand, model }: VehicleSessionRow): Notification {
  const end = session.endTime!;
  return {
    userId: session.userId,
    kind: 'vehicle_session_finished',
    // The session's natural key (vehicle, start): re-deriving a session keeps it, so it is told once.
    incidentKey: `vehicle_session:${session.vehicleId}:${session.startTime.toISOString()}`,
    facts: {
      vehicleId: session.vehicleId,
      vehicleName: name ?? ([brand, model].filter(Boolean).join(' ') || null),
      energyKwh: session.energyAddedKwh,
      durationMinutes: (end.getTime() - session.startTime.getTime()) / 60_000,
      batteryStart: session.batteryLevelStart,
      batteryEnd: session.batteryLevelEnd,
      cost: session.totalCost === null ? null : Number(session.totalCost),
      currency: session.currency,
    },
  };
}

const vehicleSessionColumns = { session: vehicleChargingSessions, name: vehicles.displayName, brand: vehicles.brand, model: vehicles.model };

/**
 * Vehicle sessions that ended within the hour (of these vehicles, or of everyone's for the sweep) and whose owner
 * chose to hear about finished sessions; the outbox's unique key makes a second look queue nothing.
 */
async function finishedVehicleSessions(vehicleIds?: string[]): Promise<Notification[]> {
  const db = await getDb();
  const since = new Date(now().getTime() - SWEEP_WINDOW_MS);
  const rows = await db
    .select(vehicleSessionColumns)
    .from(vehicleChargingSessions)
    .innerJoin(vehicles, eq(vehicles.id, vehicleChargingSessions.vehicleId))
    .where(
      and(
        vehicleIds ? inArray(vehicleChargingSessions.vehicleId, vehicleIds) : undefined,
        gt(vehicleChargingSessions.endTime, since),
        // Bounded through the (user, start) index: a session that ended within the hour started within two days.
        gt(vehicleChargingSessions.startTime, new Date(since.getTime() - 2 * 86_400_000)),
        // Chosen, and before the session ended: sessions that ended before the owner asked are not told late.
        sql`exists (select 1 from ${notificationPreferences} p where p.user_id = ${vehicleChargingSessions.userId} and p.choices->'session_finished' is not null and p.updated_at < ${vehicleChargingSessions.endTime})`,
      ),
    );
  return rows.map(vehicleSessionFinished);
}

/** New vehicle samples may have ended a session: tell its owner (energy, duration, cost when known). */
export async function notifyVehicleSessionsFinished({ vehicleIds }: EventOf<'vehicle.saved'>): Promise<void> {
  await queue(await finishedVehicleSessions(vehicleIds));
}

export function notifyLinkBroken({ userId, vendor }: EventOf<'vehicleLink.broken'>): Promise<void> {
  // One alert per break: a link that is repaired and breaks again is a new incident (another day).
  return queue([{ userId, kind: 'vehicle_link_broken', incidentKey: `link:${vendor}:${now().toISOString().slice(0, 10)}`, facts: { vendor } }]);
}

export function notifyPushTargetDisabled({ userId, targetId, reason }: EventOf<'pushTarget.disabled'>): Promise<void> {
  return queue([{ userId, kind: 'push_target_disabled', incidentKey: `target:${targetId}:${now().toISOString().slice(0, 10)}`, facts: { reason } }]);
}

export function notifyAllowance({ userId, percent, periodStart, used, limit }: EventOf<'allowance.reached'>): Promise<void> {
  return queue([{ userId, kind: percent === 100 ? 'allowance_100' : 'allowance_80', incidentKey: `period:${periodStart}`, facts: { used, limit } }]);
}

export async function notifyBillingNotice({ userId, kind }: EventOf<'billing.noticeAdded'>): Promise<void> {
  const db = await getDb();
  const [notice] = await db
    .select()
    .from(billingNotices)
    .where(and(eq(billingNotices.userId, userId), eq(billingNotices.kind, kind), isNull(billingNotices.resolvedAt)))
    .orderBy(desc(billingNotices.createdAt))
    .limit(1);
  if (!notice) return;
  await queue([
    { userId, kind: kind === 'payment_failed' ? 'payment_failed' : 'trial_ending', incidentKey: `notice:${notice.id}`, facts: { message: notice.message } },
  ]);
}
