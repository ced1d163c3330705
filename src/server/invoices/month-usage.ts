import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { chargePoints, idTags, siteMembers, tariffs, transactions, type Site, type Tariff } from '@/server/db/schema';
import { overlapsMonth, startStopColumns, transactionReadings, withStartStop } from '@/server/chargers/energy-export';
import { intervalEnergy } from '@/server/chargers/energy-intervals';
import { localMonthRange } from '@/server/chargers/local-time';
import { conflict } from '@/server/http/errors';
import { batchPacer, inSlices } from '@/server/system/slices';
import { monthClock, sessionEnergy, type SessionEnergy } from './month-energy';

export const monthSchema = z
  .string({ error: 'Enter a month as YYYY-MM' })
  .regex(/^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/, 'Enter a month as YYYY-MM, such as 2026-03');

/** Who a session is billed to: a member of the site (with an e-mail), or an id tag's free-text holder. */
export interface BillTo {
  key: string;
  memberId: string | null;
  name: string;
  email: string | null;
}

/** A session of the site's month: where, with which tag, who it is billed to, at which tariff. */
export interface MonthSession {
  transactionId: string;
  chargePoint: string;
  evseId: number;
  idTag: string;
  startedAt: Date;
  stoppedAt: Date | null;
  bill: BillTo | null;
  tariff: Pick<Tariff, 'id' | 'pricePerKwh' | 'timeBlocks' | 'currency'> | null;
}

/** With its energy (Wh) per 15-minute interval start (epoch ms) inside the local month. */
export interface SessionIntervals extends MonthSession {
  intervals: Map<number, number>;
}

/** With its energy inside the local month, in all and per price (`sessionEnergy`). */
export interface PricedSession extends MonthSession {
  energy: SessionEnergy;
}

/**
 * Sessions read (and their energy computed) this many at a time, so memory and each statement are bounded by
 * the chunk, not the month. Mapping a page's rows is one task of the event loop: with pages of 500, OCPP's
 * p99 during a run was about 6 ms higher than with 100 (bench/README.md, "Invoice run").
 */
const CHUNK = 100;
/** The month in the site's zone; refused until it has ended. */
export function endedMonth(site: Pick<Site, 'timeZone'>, month: string) {
  const range = localMonthRange(month, site.timeZone);
  if (range.to.getTime() > now().getTime()) throw conflict('month_not_ended', 'errors.invoices.monthNotEnded', { month, timeZone: site.timeZone });
  return range;
}

/** The month's sessions are found this many ids at a time (ordered, keyset), then read in pages of CHUNK by id. */
const ID_PAGE = 5000;

/**
 * The ids of the site's sessions overlapping the local month, in order of
 * start, ID_PAGE at a time. Finding a page costs a sort of the month's
 * sessions, so ids are found in big pages and the rows read by id (when
 * each page of 100 rows was found by that sort, it held PostgreSQL for
 * 15 ms: two thirds of an invoice run's database time).
 */
async function* monthSessionIds(site: Pick<Site, 'id'>, range: { from: Date; to: Date }) {
  const db = await getDb();
  for (let after: string | undefined; ; ) {
    const rows = await db
      .select({ id: transactions.id })
      .from(transactions)
      .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
      .where(
        and(
          eq(chargePoints.siteId, site.id),
          overlapsMonth(range.from, range.to),
          // After the last id of the page before, compared with the stored values (a JS Date would drop the microseconds).
          after ? sql`(${transactions.startedAt}, ${transactions.id}) > (select t.started_at, t.id from ${transactions} t where t.id = ${after})` : undefined,
        ),
      )
      .orderBy(asc(transactions.startedAt), asc(transactions.id))
      .limit(ID_PAGE);
    if (rows.length > 0) yield rows.map((r) => r.id);
    if (rows.length < ID_PAGE) return;
    after = rows.at(-1)!.id;
  }
}

/**
 * Every session on the site's charge points overlapping the local month, in
 * order of start, with who it is billed to (the id tag's member of this site,
 * else the tag's holder text, else no one) and the charge point's tariff; in
 * pages of CHUNK (read all at once, a month of 20,000 sessions held the event
 * loop for 180 ms while its rows were mapped).
 */
async function* monthSessions(site: Pick<Site, 'id'>, range: { from: Date; to: Date }) {
  const db = await getDb();
  // Each tariff once (not a parsed copy of its blocks per session).
  const tariffById = new Map<string, Tariff>();
  for await (const ids of monthSessionIds(site, range)) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await db
        .select({
          id: transactions.id,
          evseId: transactions.evseId,
          idTag: transactions.idTag,
          ...startStopColumns,
          identity: chargePoints.identity,
          tariffId: tariffs.id,
          holder: idTags.holder,
          memberId: siteMembers.id,
          memberEmail: siteMembers.email,
        })
        .from(transactions)
        .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
        .leftJoin(tariffs, and(eq(tariffs.id, chargePoints.tariffId), eq(tariffs.ownerId, chargePoints.ownerId)))
        .leftJoin(idTags, and(eq(idTags.ownerId, chargePoints.ownerId), eq(idTags.tag, transactions.idTag)))
        .leftJoin(siteMembers, and(eq(siteMembers.id, idTags.memberId), eq(siteMembers.siteId, site.id)))
        // The site again: a session moved to another site's charge point between the two reads is not this site's.
        .where(and(inArray(transactions.id, ids.slice(i, i + CHUNK)), eq(chargePoints.siteId, site.id)))
        .orderBy(asc(transactions.startedAt), asc(transactions.id));
      const missing = [...new Set(rows.map((r) => r.tariffId).filter((id): id is string => id !== null && !tariffById.has(id)))];
      if (missing.length > 0) for (const tariff of await db.select().from(tariffs).where(inArray(tariffs.id, missing))) tariffById.set(tariff.id, tariff);
      yield rows.map((r) => {
        const holder = r.holder?.trim();
        const bill: BillTo | null = r.memberId
          ? { key: `member:${r.memberId}`, memberId: r.memberId, name: holder || r.memberEmail!, email: r.memberEmail }
          : holder
            ? { key: `holder:${holder.toLowerCase().replace(/\s+/g, ' ')}`, memberId: null, name: holder, email: null }
            : null;
        const session: MonthSession = {
          transactionId: r.id,
          chargePoint: r.identity,
          evseId: r.evseId,
          idTag: r.idTag ?? '',
          startedAt: r.startedAt,
          stoppedAt: r.stoppedAt,
          bill,
          tariff: (r.tariffId && tariffById.get(r.tariffId)) || null,
        };
        return { session, meter: r };
      });
    }
  }
}

/**
 * Every session with energy in the local month and its 15-minute energy, by
 * the same rule as the CSV export (`visit` per session, in short slices of
 * the event loop): for the ZEV load profile, which needs every interval.
 */
export async function forEachSessionIntervals(site: Pick<Site, 'id'>, range: { from: Date; to: Date }, visit: (session: SessionIntervals) => void): Promise<void> {
  const pace = batchPacer();
  for await (const chunk of monthSessions(site, range)) {
    const readings = await transactionReadings(chunk.map((s) => s.session.transactionId));
    await inSlices(chunk, ({ session, meter }) => {
      const intervals = intervalEnergy(withStartStop(meter, readings.get(session.transactionId)!), range.from, range.to);
      readings.delete(session.transactionId);
      if (intervals.size > 0) visit({ ...session, intervals });
    });
    await pace();
  }
}

/**
 * Every session with energy in the local month and that energy per price at
 * each interval's local start (`sessionEnergy`: summed by the database, a
 * few rows per session), for invoices and the month CSV (`visit` per
 * session, in short slices of the event loop).
 */
export async function forEachPricedSession(site: Pick<Site, 'id' | 'timeZone'>, range: { from: Date; to: Date }, visit: (session: PricedSession) => void): Promise<void> {
  const clock = monthClock(range, site.timeZone);
  const pace = batchPacer();
  for await (const chunk of monthSessions(site, range)) {
    const energy = await sessionEnergy(
      chunk.map(({ session }) => ({ id: session.transactionId, tariff: session.tariff })),
      range,
      clock,
    );
    await inSlices(chunk, ({ session }) => {
      const found = energy.get(session.transactionId);
      if (found) visit({ ...session, energy: found });
    });
    await pace();
  }
}
