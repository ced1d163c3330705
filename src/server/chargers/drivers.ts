/**
 * What a driver reaches (docs/sites.md): their own sessions (transactions
 * whose id tag is assigned to their membership, on that site's charge
 * points), the charge points of the sites they drive on, and start/stop there
 * with their own Accepted tag. Nothing here reads by owner: every query is
 * bound to the driver's accepted memberships.
 */
import type { Locale } from '@/i18n/locales';
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, connectors, idTags, siteMembers, sites, transactions } from '@/server/db/schema';
import { conflict, forbidden, notFound } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { connectedProtocol, sendCommand } from './ocpp/commands';
import { chargePointWithPresence } from './ownership';
import { sessionMember, sessionTag } from './session-member';
import { sessionCarsAndPlans } from '@/server/planner/plans';
import { localMonth, localMonthRange } from './local-time';
import { assertStartable } from './transactions';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const mySessionsQuery = z.object({
  /** YYYY-MM, each session counted in its site's local month; the current month when left out. */
  month: z
    .string()
    .regex(MONTH, 'A month as YYYY-MM, such as 2026-03')
    .optional(),
});

/** `YYYY-MM` shifted by `delta` months. */
function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The time zones of the sites the user is an accepted member of (UTC when none). */
async function memberZones(userId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ timeZone: sites.timeZone })
    .from(siteMembers)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(sessionsOfUser(userId))
    .orderBy(asc(sites.timeZone));
  return rows.length === 0 ? ['UTC'] : rows.map((r) => r.timeZone);
}

/** Sessions that started in `month` in their site's time zone (`localMonthRange` per zone). */
function inLocalMonth(month: string, zones: string[]) {
  return or(
    ...zones.map((tz) => {
      const { from, to } = localMonthRange(month, tz);
      return and(eq(sites.timeZone, tz), gte(transactions.startedAt, from), lt(transactions.startedAt, to));
    }),
  )!;
}

const literal = (text: string) => sql.raw(`'${text.replaceAll("'", "''")}'`);

/** The local month (`YYYY-MM`) a session started in, among `months`, by its site's zone. */
function localMonthKey(months: string[], zones: string[]) {
  const cases = zones.flatMap((tz) =>
    months.map((month) => {
      const { from, to } = localMonthRange(month, tz);
      // Literals, not parameters: the same expression is selected and grouped by, and PostgreSQL
      // matches the two only when they are written alike (the zone names come from the sites table).
      return sql`when ${sites.timeZone} = ${literal(tz)} and ${transactions.startedAt} >= ${literal(from.toISOString())}::timestamptz and ${transactions.startedAt} < ${literal(to.toISOString())}::timestamptz then ${literal(month)}`;
    }),
  );
  return sql<string | null>`(case ${sql.join(cases, sql` `)} end)`;
}

/** The driver's accepted memberships as driver. */
const driverMembership = (userId: string) => and(eq(siteMembers.userId, userId), eq(siteMembers.role, 'driver'), sql`${siteMembers.acceptedAt} is not null`);

/**
 * The join from a transaction to the member it belongs to: its tag (by text,
 * among the charge point owner's tags) assigned to a membership of the
 * charge point's site.
 */
function sessionsOfUser(userId: string) {
  return and(eq(siteMembers.userId, userId), sql`${siteMembers.acceptedAt} is not null`);
}

async function selectMySessions(userId: string, month: string, zones: string[], limit: number) {
  const db = await getDb();
  return db
    .select({
      tx: transactions,
      chargePointName: chargePoints.name,
      siteId: sites.id,
      siteName: sites.name,
      tagLabel: idTags.label,
    })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .innerJoin(idTags, sessionTag)
    .innerJoin(siteMembers, sessionMember)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(and(sessionsOfUser(userId), inLocalMonth(month, zones)))
    .orderBy(desc(transactions.startedAt))
    .limit(limit);
}

/** Sessions in one month (at most this many listed; the totals count all). */
const SESSIONS_PER_PAGE = 500;

/** The driver's sessions of a month across sites, with totals and the last 12 months for a chart. */
export async function mySessions(userId: string, query: z.infer<typeof mySessionsQuery>) {
  const zones = await memberZones(userId);
  // Left out: the current month in the driver's sites' zone (the first by name when they differ).
  const month = query.month ?? localMonth(now().getTime(), zones[0]);
  const rows = await selectMySessions(userId, month, zones, SESSIONS_PER_PAGE);
  const db = await getDb();
  const keys = Array.from({ length: 12 }, (_, i) => addMonths(month, i - 11));
  const monthKey = localMonthKey(keys, zones);
  const byMonth = await db
    .select({
      month: monthKey,
      currency: transactions.currency,
      energyWh: sql<number>`coalesce(sum(${transactions.energyWh}), 0)::float8`,
      cost: sql<number>`coalesce(sum(${transactions.cost}), 0)::float8`,
      sessions: sql<number>`count(*)::int`,
    })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .innerJoin(idTags, sessionTag)
    .innerJoin(siteMembers, sessionMember)
    .innerJoin(sites, eq(sites.id, siteMembers.siteId))
    .where(and(sessionsOfUser(userId), or(...keys.map((k) => inLocalMonth(k, zones)))))
    .groupBy(monthKey, transactions.currency);
  const months = [];
  for (const key of keys) {
    const of = byMonth.filter((r) => r.month === key);
    months.push({
      month: key,
      energy_wh: of.reduce((s, r) => s + r.energyWh, 0),
      sessions: of.reduce((s, r) => s + r.sessions, 0),
      cost: of.filter((r) => r.currency).map((r) => ({ currency: r.currency!, amount: Math.round(r.cost * 100) / 100 })),
    });
  }
  const current = months.at(-1)!;
  return {
    month,
    sessions: rows.map((r) => ({
      id: r.tx.id,
      site_id: r.siteId,
      site_name: r.siteName,
      charge_point_id: r.tx.chargePointId,
      charge_point_name: r.chargePointName,
      id_tag: r.tx.idTag,
      id_tag_label: r.tagLabel,
      started_at: r.tx.startedAt.toISOString(),
      stopped_at: r.tx.stoppedAt?.toISOString() ?? null,
      energy_wh: r.tx.energyWh,
      cost: r.tx.cost === null ? null : Number(r.tx.cost),
      currency: r.tx.currency,
    })),
    totals: { energy_wh: current.energy_wh, sessions: current.sessions, cost: current.cost },
    months,
  };
}

/** The charge points on the sites the user drives on, with their connectors and the driver's own running sessions. */
export async function myChargePoints(userId: string, locale: Locale) {
  const db = await getDb();
  const rows = await db
    .select({ cp: chargePointWithPresence(), siteName: sites.name })
    .from(chargePoints)
    .innerJoin(siteMembers, and(eq(siteMembers.siteId, chargePoints.siteId), driverMembership(userId)))
    .innerJoin(sites, eq(sites.id, chargePoints.siteId))
    .orderBy(asc(sites.name), asc(chargePoints.name));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.cp.id);
  const [connectorRows, open] = await Promise.all([
    db.select().from(connectors).where(inArray(connectors.chargePointId, ids)).orderBy(asc(connectors.evseId)),
    db
      .select({ tx: transactions, mine: sql<boolean>`${siteMembers.userId} is not distinct from ${userId}` })
      .from(transactions)
      .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
      .leftJoin(idTags, sessionTag)
      .leftJoin(siteMembers, sessionMember)
      .where(and(inArray(transactions.chargePointId, ids), isNull(transactions.stoppedAt))),
  ]);
  const carsAndPlans = await sessionCarsAndPlans(open.filter((o) => o.mine).map((o) => o.tx.id), locale);
  return rows.map(({ cp, siteName }) => ({
    id: cp.id,
    name: cp.name,
    site_id: cp.siteId,
    site_name: siteName,
    connected: cp.connected,
    status: connectorRows.find((c) => c.chargePointId === cp.id && c.evseId === 0)?.status ?? null,
    connectors: connectorRows
      .filter((c) => c.chargePointId === cp.id && c.evseId > 0)
      .map((c) => ({ evse_id: c.evseId, connector_id: c.connectorId, status: c.status })),
    /** Sessions running here: the driver's own in full, others only as "busy". */
    my_sessions: open
      .filter((o) => o.tx.chargePointId === cp.id && o.mine)
      .map((o) => ({
        id: o.tx.id,
        evse_id: o.tx.evseId,
        started_at: o.tx.startedAt.toISOString(),
        energy_wh: o.tx.energyWh,
        /** The matched car (GET /api/charge-points/{id}/vehicle) and the plan (…/plan), or null. */
        ...carsAndPlans.get(o.tx.id)!,
      })),
    busy_evse_ids: open.filter((o) => o.tx.chargePointId === cp.id && !o.mine).map((o) => o.tx.evseId),
  }));
}

/** A charge point on a site the user drives on, with that membership; any other is 404. */
async function driverChargePoint(userId: string, chargePointId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ cp: chargePoints, memberId: siteMembers.id })
    .from(chargePoints)
    .innerJoin(siteMembers, and(eq(siteMembers.siteId, chargePoints.siteId), driverMembership(userId)))
    .where(eq(chargePoints.id, chargePointId));
  if (!row) throw notFound('chargePoint');
  return row;
}

export const driverStartSchema = z.object({
  /** 1.6 connector / 2.0.1 EVSE; the charge point picks one when left out. */
  evse_id: z.number({ error: 'Enter a connector number' }).int().min(1, 'At least 1').max(32, 'At most 32').optional(),
  /** One of the driver's own tags on this site; their first Accepted one when left out. */
  id_tag_id: z.uuid('Choose one of your id tags').optional(),
});

/** Starts a session with the driver's own Accepted tag; the charge point authorizes it as usual. */
export async function driverStart(userId: string, chargePointId: string, input: z.infer<typeof driverStartSchema>) {
  const { cp, memberId } = await driverChargePoint(userId, chargePointId);
  const db = await getDb();
  const tags = await db
    .select()
    .from(idTags)
    .where(and(eq(idTags.memberId, memberId), eq(idTags.status, 'Accepted'), input.id_tag_id ? eq(idTags.id, input.id_tag_id) : undefined))
    .orderBy(asc(idTags.createdAt));
  const tag = tags.find((t) => !t.expiresAt || t.expiresAt > now());
  if (!tag) {
    throw conflict('no_usable_id_tag', input.id_tag_id ? 'errors.sessions.idTagNotUsable' : 'errors.sessions.noUsableIdTag');
  }
  await assertStartable(cp.id, input.evse_id);
  const protocol = await connectedProtocol(cp.identity);
  const answer =
    protocol === 'ocpp2.0.1'
      ? await sendCommand(cp.identity, 'RequestStartTransaction', {
          idToken: { idToken: tag.tag, type: 'Central' },
          remoteStartId: Math.floor(Math.random() * 2 ** 31),
          ...(input.evse_id !== undefined && { evseId: input.evse_id }),
        })
      : await sendCommand(cp.identity, 'RemoteStartTransaction', { idTag: tag.tag, ...(input.evse_id !== undefined && { connectorId: input.evse_id }) });
  await recordAudit({ actorUserId: userId, action: 'charge_point.driver_start', subjectType: 'charge_point', subjectId: cp.id, details: { id_tag: tag.tag } });
  return { action: protocol === 'ocpp2.0.1' ? 'RequestStartTransaction' : 'RemoteStartTransaction', answer, id_tag: tag.tag };
}

export const driverStopSchema = z.object({ transaction_id: z.uuid('Choose one of your running sessions').optional() });

/** Stops the driver's own running session on the charge point; someone else's is 403. */
export async function driverStop(userId: string, chargePointId: string, input: z.infer<typeof driverStopSchema>) {
  const { cp, memberId } = await driverChargePoint(userId, chargePointId);
  const db = await getDb();
  const open = await db
    .select({ tx: transactions, memberId: idTags.memberId })
    .from(transactions)
    .leftJoin(idTags, and(eq(idTags.ownerId, sql`${cp.ownerId}::uuid`), eq(idTags.tag, transactions.idTag)))
    .where(and(eq(transactions.chargePointId, cp.id), isNull(transactions.stoppedAt), input.transaction_id ? eq(transactions.id, input.transaction_id) : undefined))
    .orderBy(desc(transactions.startedAt));
  const mine = open.filter((o) => o.memberId === memberId);
  if (mine.length === 0) {
    if (open.length > 0) throw forbidden('forbidden', 'errors.sessions.notYours');
    throw conflict('no_active_session', 'errors.sessions.noneOfYours');
  }
  const tx = mine[0].tx;
  const protocol = await connectedProtocol(cp.identity);
  const answer =
    protocol === 'ocpp2.0.1'
      ? await sendCommand(cp.identity, 'RequestStopTransaction', { transactionId: tx.ocppTransactionId })
      : await sendCommand(cp.identity, 'RemoteStopTransaction', { transactionId: Number(tx.ocppTransactionId) });
  await recordAudit({ actorUserId: userId, action: 'charge_point.driver_stop', subjectType: 'charge_point', subjectId: cp.id, details: { transaction: tx.id } });
  return { action: protocol === 'ocpp2.0.1' ? 'RequestStopTransaction' : 'RemoteStopTransaction', answer };
}

/** The user drives on at least one site (the navigation shows "My charging"). */
export async function isDriver(userId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ id: siteMembers.id }).from(siteMembers).where(driverMembership(userId)).limit(1);
  return Boolean(row);
}

/** The user drives somewhere and neither owns nor manages anything (a driver-only user lands on "My charging" after sign-in). */
export async function isDriverOnly(userId: string): Promise<boolean> {
  const db = await getDb();
  const [driver, manager, site, chargePoint] = await Promise.all([
    db.select({ id: siteMembers.id }).from(siteMembers).where(driverMembership(userId)).limit(1),
    db.select({ id: siteMembers.id }).from(siteMembers).where(and(eq(siteMembers.userId, userId), eq(siteMembers.role, 'manager'))).limit(1),
    db.select({ id: sites.id }).from(sites).where(eq(sites.ownerId, userId)).limit(1),
    db.select({ id: chargePoints.id }).from(chargePoints).where(eq(chargePoints.ownerId, userId)).limit(1),
  ]);
  return driver.length > 0 && manager.length + site.length + chargePoint.length === 0;
}
