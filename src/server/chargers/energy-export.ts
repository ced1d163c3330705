import { and, asc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { chargePoints, idTags, meterValues, sites, transactions, type Transaction } from '@/server/db/schema';
import { csvDocument } from '@/server/http/csv';
import { notFound } from '@/server/http/errors';
import { intervalEnergy, INTERVAL_MS, type Reading } from './energy-intervals';
import { formatLocal, localMonthRange } from './local-time';
import { ENERGY_REGISTER } from './ocpp/meter-values';
import { getOwnedChargePoint } from './ownership';

export const energyQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use YYYY-MM') });

type TxRow = Pick<Transaction, 'id' | 'evseId' | 'connectorId' | 'idTag' | 'startedAt' | 'stoppedAt' | 'meterStartWh' | 'meterStopWh'> & {
  identity: string;
  /** The charge point's site's zone; UTC without a site. */
  timeZone: string;
};

/** What `withStartStop` needs of a session, for a select list. */
export const startStopColumns = {
  startedAt: transactions.startedAt,
  stoppedAt: transactions.stoppedAt,
  meterStartWh: transactions.meterStartWh,
  meterStopWh: transactions.meterStopWh,
};

/**
 * A transaction's register readings: its stored Energy.Active.Import.Register
 * samples (whole meter, no phase) plus meterStart at the start and meterStop
 * at the stop when no sample has that instant (1.6 sends them only in
 * Start/StopTransaction). Energy outside transactions is not billed.
 */
export async function transactionReadings(ids: string[]): Promise<Map<string, Reading[]>> {
  const out = new Map<string, Reading[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const db = await getDb();
  const rows = await db
    .select({ transactionId: meterValues.transactionId, at: meterValues.sampledAt, wh: meterValues.value })
    .from(meterValues)
    .where(and(inArray(meterValues.transactionId, ids), eq(meterValues.measurand, ENERGY_REGISTER), eq(meterValues.phase, '')))
    .orderBy(asc(meterValues.sampledAt));
  for (const r of rows) out.get(r.transactionId!)!.push({ at: r.at, wh: r.wh });
  return out;
}

export function withStartStop(t: Pick<TxRow, 'startedAt' | 'stoppedAt' | 'meterStartWh' | 'meterStopWh'>, readings: Reading[]): Reading[] {
  const extra: Reading[] = [];
  if (t.meterStartWh !== null) extra.push({ at: t.startedAt, wh: t.meterStartWh });
  if (t.stoppedAt && t.meterStopWh !== null) extra.push({ at: t.stoppedAt, wh: t.meterStopWh });
  // Stored samples come first, so at an instant they win over meterStart/meterStop.
  return [...readings, ...extra];
}

/** Sessions that overlap [from, to): started before its end, and still open or stopped after its start. */
export const overlapsMonth = (from: Date, to: Date): SQL =>
  and(lt(transactions.startedAt, to), or(isNull(transactions.stoppedAt), gte(transactions.stoppedAt, from)))!;

/** Transactions overlapping the month in any zone (a day either side of the UTC month); each is cut to its own local month. */
async function monthTransactions(where: SQL, month: string): Promise<TxRow[]> {
  const db = await getDb();
  const { from, to } = localMonthRange(month, 'UTC');
  const rows = await db
    .select({
      id: transactions.id,
      evseId: transactions.evseId,
      connectorId: transactions.connectorId,
      idTag: transactions.idTag,
      ...startStopColumns,
      identity: chargePoints.identity,
      timeZone: sites.timeZone,
    })
    .from(transactions)
    .innerJoin(chargePoints, eq(chargePoints.id, transactions.chargePointId))
    .leftJoin(sites, eq(sites.id, chargePoints.siteId))
    .where(and(where, overlapsMonth(new Date(from.getTime() - DAY_MS), new Date(to.getTime() + DAY_MS))));
  return rows.map((r) => ({ ...r, timeZone: r.timeZone ?? 'UTC' }));
}

const DAY_MS = 86_400_000;

const HEADER = ['interval_start', 'interval_end', 'charge_point', 'evse_id', 'connector_id', 'id_tag', 'energy_kwh', 'interval_start_local'];

/**
 * One CSV row per 15-minute interval, charge point, connector and id tag with
 * energy; UTC times, the interval's start in the site's local time (with its
 * offset) last, kWh to 0.001. The month is each charge point's local month.
 */
async function toCsv(txs: TxRow[], month: string): Promise<string> {
  const readings = await transactionReadings(txs.map((t) => t.id));
  const totals = new Map<string, { start: number; t: TxRow; wh: number }>();
  for (const t of txs) {
    const { from, to } = localMonthRange(month, t.timeZone);
    for (const [start, wh] of intervalEnergy(withStartStop(t, readings.get(t.id)!), from, to)) {
      const key = `${start}|${t.identity}|${t.evseId}|${t.connectorId}|${t.idTag ?? ''}`;
      const row = totals.get(key) ?? { start, t, wh: 0 };
      row.wh += wh;
      totals.set(key, row);
    }
  }
  const rows = [...totals.values()]
    .filter((r) => r.wh > 0)
    .sort((a, b) => a.start - b.start || a.t.identity.localeCompare(b.t.identity) || a.t.evseId - b.t.evseId)
    .map(({ start, t, wh }) => [
      new Date(start).toISOString(),
      new Date(start + INTERVAL_MS).toISOString(),
      t.identity,
      t.evseId,
      t.connectorId,
      t.idTag ?? '',
      (wh / 1000).toFixed(3),
      formatLocal(start, t.timeZone),
    ]);
  return csvDocument(HEADER, rows);
}

export async function chargePointEnergyCsv(ownerId: string, id: string, month: string) {
  const cp = await getOwnedChargePoint(ownerId, id);
  return { filename: `${cp.identity}-${month}.csv`, csv: await toCsv(await monthTransactions(eq(transactions.chargePointId, cp.id), month), month) };
}

/** The tag's sessions on the owner's charge points. */
export async function idTagEnergyCsv(ownerId: string, id: string, month: string) {
  const db = await getDb();
  const [tag] = await db.select().from(idTags).where(and(eq(idTags.id, id), eq(idTags.ownerId, ownerId)));
  if (!tag) throw notFound('idTag');
  const where = and(eq(transactions.idTag, tag.tag), eq(chargePoints.ownerId, ownerId))!;
  return { filename: `${tag.tag}-${month}.csv`, csv: await toCsv(await monthTransactions(where, month), month) };
}
