/**
 * States that last: a charge point offline, a fault, a session with no
 * energy. Each is one `notification_incidents` row, opened once and closed
 * once whatever sees it (the periodic scan in whichever instance holds it,
 * or, for faults and returns, the charge point's own
 * `chargePoint.chargingChanged`): the partial
 * unique key (kind, subject) while open lets only one opener win, and the
 * close is an UPDATE of the open row, so only one closer wins. The alert is
 * queued in the same transaction as the change of state.
 *
 * Offline is read from the database (presence and last_seen_at), not from a
 * socket closing, so a charge point whose instance died is noticed too.
 */
import { and, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { connectedSql } from '@/server/chargers/ocpp/presence';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDb, type Tx } from '@/server/db/client';
import { chargePoints, connectors, notificationIncidents, transactions } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { captureError } from '@/server/observability/sentry';
import { processState } from '@/server/runtime';
import type { PeriodicJob } from '@/server/system/jobs';
import { enqueue, type Notification } from './outbox';
import { sweepFinishedSessions } from './sources';
import { wakeNotifications } from './worker';

type Kind = (typeof notificationIncidents.$inferInsert)['kind'];

/** Rows per INSERT: under PostgreSQL's 65,535 parameters when thousands of charge points go offline at once. */
const INSERT_CHUNK = 1000;
/** Charge points per transaction of an event-driven run (they are parameters of its statements). */
const IDS_PER_RUN = 1000;
/**
 * Incidents opened or closed per kind and transaction. On PGlite a transaction
 * holds the database thread: 10,000 at once held every charge point's
 * messages for 2 s. Past this, the run goes on in a new transaction.
 */
const CHANGES_PER_TX = 500;

/** What one kind's pass queued, and whether it stopped at CHANGES_PER_TX (so there may be more). */
interface Pass {
  queued: number;
  more: boolean;
}

interface Opening {
  userId: string;
  subjectId: string;
  /** When the state began (an outage: when the charge point was last heard). */
  since: Date;
  notification: (incidentId: number) => Notification;
}

/** Opens the incidents not open yet and queues their alerts, in one transaction; returns how many alerts are new. */
async function open(tx: Tx, kind: Kind, openings: Opening[]): Promise<number> {
  if (openings.length === 0) return 0;
  const opened: Array<{ id: number; subjectId: string }> = [];
  for (let i = 0; i < openings.length; i += INSERT_CHUNK) {
    const chunk = openings.slice(i, i + INSERT_CHUNK);
    opened.push(
      ...(await tx
        .insert(notificationIncidents)
        .values(chunk.map((o) => ({ userId: o.userId, kind, subjectId: o.subjectId, openedAt: o.since })))
        .onConflictDoNothing()
        .returning({ id: notificationIncidents.id, subjectId: notificationIncidents.subjectId })),
    );
  }
  const bySubject = new Map(openings.map((o) => [o.subjectId, o]));
  return enqueue(tx, opened.map((row) => bySubject.get(row.subjectId)!.notification(row.id)));
}

/** Closes the open incidents named and queues the "over" alert of each this call closed. */
async function close(tx: Tx, ids: number[], notification: (row: typeof notificationIncidents.$inferSelect) => Notification): Promise<number> {
  if (ids.length === 0) return 0;
  const closed = await tx
    .update(notificationIncidents)
    .set({ closedAt: now() })
    .where(and(inArray(notificationIncidents.id, ids), isNull(notificationIncidents.closedAt)))
    .returning();
  return enqueue(tx, closed.map(notification));
}

const openIncident = (kind: Kind, subject: SQL | typeof chargePoints.id) =>
  sql`exists (select 1 from ${notificationIncidents} i where i.kind = ${kind} and i.subject_id = ${subject} and i.closed_at is null)`;

const scope = (ids: string[] | undefined) => (ids ? inArray(chargePoints.id, ids) : undefined);
const owned = sql`${chargePoints.ownerId} is not null`;
const minutesBetween = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));

async function offline(tx: Tx, ids?: string[]): Promise<Pass> {
  const threshold = new Date(now().getTime() - getConfig().notifications.offlineAfterS * 1000);
  const gone = await tx
    .select({ id: chargePoints.id, ownerId: chargePoints.ownerId, name: chargePoints.name, lastSeenAt: chargePoints.lastSeenAt })
    .from(chargePoints)
    .where(and(owned, scope(ids), lt(chargePoints.lastSeenAt, threshold), sql`not ${connectedSql()}`, sql`not ${openIncident('offline', chargePoints.id)}`))
    .limit(CHANGES_PER_TX);
  let queued = await open(
    tx,
    'offline',
    gone.map((cp) => ({
      userId: cp.ownerId!,
      subjectId: cp.id,
      since: cp.lastSeenAt!,
      notification: (incidentId) => ({
        userId: cp.ownerId!,
        kind: 'charge_point_offline',
        incidentKey: `incident:${incidentId}`,
        facts: { chargePointId: cp.id, chargePointName: cp.name, lastSeenAt: cp.lastSeenAt!.toISOString() },
      }),
    })),
  );
  const back = await tx
    .select({ incidentId: notificationIncidents.id, name: chargePoints.name })
    .from(notificationIncidents)
    .innerJoin(chargePoints, eq(chargePoints.id, notificationIncidents.subjectId))
    .where(and(eq(notificationIncidents.kind, 'offline'), isNull(notificationIncidents.closedAt), scope(ids), connectedSql()))
    .limit(CHANGES_PER_TX);
  const names = new Map(back.map((b) => [b.incidentId, b.name]));
  queued += await close(
    tx,
    back.map((b) => b.incidentId),
    (row) => ({
      userId: row.userId,
      kind: 'charge_point_online',
      incidentKey: `incident:${row.id}`,
      facts: { chargePointId: row.subjectId, chargePointName: names.get(row.id), offlineMinutes: minutesBetween(row.openedAt, row.closedAt!) },
    }),
  );
  return { queued, more: gone.length === CHANGES_PER_TX || back.length === CHANGES_PER_TX };
}

/** Not limited: a charge point's faulted connectors make one alert, and a limit on rows could split them. */
async function faults(tx: Tx, ids?: string[]): Promise<Pass> {
  const faulted = await tx
    .select({
      id: chargePoints.id,
      ownerId: chargePoints.ownerId,
      name: chargePoints.name,
      connectorId: connectors.connectorId,
      errorCode: connectors.errorCode,
      info: connectors.info,
    })
    .from(connectors)
    .innerJoin(chargePoints, eq(chargePoints.id, connectors.chargePointId))
    .where(and(owned, scope(ids), eq(connectors.status, 'Faulted'), sql`not ${openIncident('faulted', chargePoints.id)}`));
  const byChargePoint = new Map<string, typeof faulted>();
  for (const row of faulted) byChargePoint.set(row.id, [...(byChargePoint.get(row.id) ?? []), row]);
  const at = now();
  let queued = await open(
    tx,
    'faulted',
    [...byChargePoint.values()].map((rows) => ({
      userId: rows[0].ownerId!,
      subjectId: rows[0].id,
      since: at,
      notification: (incidentId) => ({
        userId: rows[0].ownerId!,
        kind: 'charge_point_faulted',
        incidentKey: `incident:${incidentId}`,
        facts: {
          chargePointId: rows[0].id,
          chargePointName: rows[0].name,
          connectors: rows.map((r) => ({ connectorId: r.connectorId, errorCode: r.errorCode, info: r.info })),
        },
      }),
    })),
  );
  const recovered = await tx
    .select({ incidentId: notificationIncidents.id, name: chargePoints.name })
    .from(notificationIncidents)
    .innerJoin(chargePoints, eq(chargePoints.id, notificationIncidents.subjectId))
    .where(
      and(
        eq(notificationIncidents.kind, 'faulted'),
        isNull(notificationIncidents.closedAt),
        scope(ids),
        sql`not exists (select 1 from ${connectors} c where c.charge_point_id = ${chargePoints.id} and c.status = 'Faulted')`,
      ),
    );
  const names = new Map(recovered.map((r) => [r.incidentId, r.name]));
  queued += await close(
    tx,
    recovered.map((r) => r.incidentId),
    (row) => ({
      userId: row.userId,
      kind: 'charge_point_recovered',
      incidentKey: `incident:${row.id}`,
      facts: { chargePointId: row.subjectId, chargePointName: names.get(row.id) },
    }),
  );
  return { queued, more: false };
}

/** Sessions running for a while without any energy; the incident is never closed, so a session is told about once. */
async function noEnergy(tx: Tx, ids?: string[]): Promise<Pass> {
  const at = now();
  const after = getConfig().notifications.noEnergyAfterS * 1000;
  const quiet = await tx
    .select({ id: transactions.id, startedAt: transactions.startedAt, chargePointId: chargePoints.id, ownerId: chargePoints.ownerId, name: chargePoints.name })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .where(
      and(
        owned,
        scope(ids),
        isNull(transactions.stoppedAt),
        // Counted from when we learnt of it: a session replayed from an offline queue is not late.
        lt(transactions.createdAt, new Date(at.getTime() - after)),
        // Sessions left open for days are not news.
        gt(transactions.startedAt, new Date(at.getTime() - 24 * 3_600_000)),
        sql`coalesce(${transactions.energyWh}, 0) = 0`,
        sql`not exists (select 1 from ${notificationIncidents} i where i.kind = 'no_energy' and i.subject_id = ${transactions.id})`,
      ),
    )
    .limit(CHANGES_PER_TX);
  const queued = await open(
    tx,
    'no_energy',
    quiet.map((t) => ({
      userId: t.ownerId!,
      subjectId: t.id,
      since: t.startedAt,
      notification: (incidentId) => ({
        userId: t.ownerId!,
        kind: 'session_no_energy',
        incidentKey: `incident:${incidentId}`,
        facts: { chargePointId: t.chargePointId, chargePointName: t.name, minutes: minutesBetween(t.startedAt, at) },
      }),
    })),
  );
  return { queued, more: quiet.length === CHANGES_PER_TX };
}

/**
 * Of these charge points, those whose incidents their change may open or
 * close at once: an open outage or fault (to close) or a faulted connector
 * (to open). One read outside any transaction, because on PGlite a
 * transaction holds the database thread: looking at every charge point whose
 * charging changed (each start, stop and status) in one held it for 6 of every
 * 10 s at 10,000 charge points, and their messages waited. Outages and
 * sessions without energy take time to become true: the periodic scan opens them.
 */
async function withIncidentsToSettle(ids: string[]): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: chargePoints.id })
    .from(chargePoints)
    .where(
      and(
        owned,
        // An array literal: one parameter, so one prepared statement however many ids (an IN list is one per length).
        sql`${chargePoints.id} = any(${`{${ids.join(',')}}`}::uuid[])`,
        or(
          sql`exists (select 1 from ${notificationIncidents} i where i.subject_id = ${chargePoints.id} and i.kind in ('offline', 'faulted') and i.closed_at is null)`,
          sql`exists (select 1 from ${connectors} c where c.charge_point_id = ${chargePoints.id} and c.status = 'Faulted')`,
        ),
      ),
    );
  return rows.map((row) => row.id);
}

/**
 * Opens and closes the incidents of every charge point (the periodic scan), or
 * settles those of the named ones that may change now (withIncidentsToSettle),
 * and wakes the sender for new alerts.
 */
export async function reconcileIncidents(chargePointIds?: string[]): Promise<void> {
  const db = await getDb();
  let queued = 0;
  for (const named of chargePointIds ? chunks(chargePointIds, IDS_PER_RUN) : [undefined]) {
    const ids = named && (await withIncidentsToSettle(named));
    if (ids?.length === 0) continue;
    for (let more = true; more; ) {
      const passes = await db.transaction(async (tx) => [await offline(tx, ids), await faults(tx, ids), await noEnergy(tx, ids)]);
      queued += passes.reduce((sum, pass) => sum + pass.queued, 0);
      more = passes.some((pass) => pass.more);
    }
  }
  if (queued > 0) wakeNotifications();
}

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

interface Pending {
  ids: Set<string>;
  running?: Promise<void>;
}

const pending = processState<Pending>('incidentReconcile', () => ({ ids: new Set() }));

/**
 * A charge point's charging changed: its incidents are looked at soon, with
 * every other one that changed meanwhile in the same few statements. When a
 * thousand sockets close at once this is one run of a few statements, not a
 * thousand transactions in front of the periodic scan and the OCPP messages.
 */
export function reconcileIncidentsSoon(chargePointId: string): void {
  pending.ids.add(chargePointId);
  pending.running ??= (async () => {
    while (pending.ids.size > 0) {
      // The sockets of one burst close over a few turns: wait one so the run takes them all.
      await new Promise((resolve) => setImmediate(resolve));
      const ids = [...pending.ids];
      pending.ids.clear();
      await reconcileIncidents(ids).catch((err: unknown) => {
        getLogger().error({ err }, 'incident reconcile failed');
        captureError(err, { component: 'notifications' });
      });
    }
  })().finally(() => (pending.running = undefined));
}

/** The incidents of every charge point, and finished sessions a crash kept from being queued. */
export const incidentScanJob: PeriodicJob = {
  name: 'notification incidents',
  intervalMs: 30_000,
  async run() {
    await reconcileIncidents();
    await sweepFinishedSessions();
  },
};
