import { and, eq, sql } from 'drizzle-orm';
import { now } from '@/server/clock';
import { getDb, resultRows } from '@/server/db/client';
import { transactions } from '@/server/db/schema';
import { insertSamples, registerRange, samplesFrom16, samplesFrom201, storeSamples, type MeterValue16, type MeterValue201 } from './meter-values';
import { ocppTime } from './time';
import { priceTransaction } from '../pricing';

export interface StartTransaction16 {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
  reservationId?: number;
}

/**
 * 1.6 StartTransaction. We hand out the transaction id from a sequence; a
 * replay of the same start (same connector, idTag, meterStart, timestamp)
 * finds its row by start_key and gets the same id back.
 */
export async function startTransaction16(chargePointId: string, p: StartTransaction16): Promise<number> {
  const db = await getDb();
  const startedAt = ocppTime(p.timestamp);
  const startKey = `${p.connectorId}|${p.idTag}|${p.meterStart}|${startedAt.toISOString()}`;
  const [created] = await db
    .insert(transactions)
    .values({
      chargePointId,
      evseId: p.connectorId,
      connectorId: p.connectorId,
      ocppTransactionId: sql`nextval('ocpp16_transaction_id_seq')::text`,
      idTag: p.idTag,
      startedAt,
      meterStartWh: p.meterStart,
      startKey,
    })
    .onConflictDoNothing({ target: [transactions.chargePointId, transactions.startKey] })
    .returning({ ocppTransactionId: transactions.ocppTransactionId });
  if (created) return Number(created.ocppTransactionId);
  const [existing] = await db
    .select({ ocppTransactionId: transactions.ocppTransactionId })
    .from(transactions)
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.startKey, startKey)));
  return Number(existing.ocppTransactionId);
}

export interface StopTransaction16 {
  transactionId: number;
  meterStop: number;
  timestamp: string;
  idTag?: string;
  reason?: string;
  transactionData?: MeterValue16[];
}

/**
 * 1.6 StopTransaction: energy = meterStop − meterStart; only the first stop
 * counts, a replay changes nothing. One statement (the stop and its
 * transaction data together), like the other hot messages: an interactive
 * transaction would hold the embedded database across several round trips.
 */
export async function stopTransaction16(chargePointId: string, p: StopTransaction16): Promise<void> {
  const db = await getDb();
  const samples = samplesFrom16(p.transactionData);
  // A one-row `target` even when the transaction is unknown: its readings are kept too, they just belong to no transaction.
  const ctes = [
    sql`tx as (select ${transactions.id}, ${transactions.evseId} from ${transactions}
      where ${transactions.chargePointId} = ${chargePointId} and ${transactions.ocppTransactionId} = ${String(p.transactionId)})`,
    sql`target as (select (select id from tx) as id, coalesce((select evse_id from tx), 0) as evse_id)`,
    sql`stopped as (update ${transactions} set
        stopped_at = ${ocppTime(p.timestamp).toISOString()}::timestamptz,
        meter_stop_wh = ${p.meterStop}::double precision,
        energy_wh = ${p.meterStop}::double precision - coalesce(meter_start_wh, ${p.meterStop}::double precision),
        stop_reason = ${p.reason ?? 'Local'}::text,
        updated_at = ${now().toISOString()}::timestamptz
      where id = (select id from tx) and stopped_at is null
      returning id)`,
  ];
  if (samples.length > 0) {
    ctes.push(sql`ins as (${insertSamples({ chargePointId, evseId: sql`target.evse_id`, transactionId: sql`target.id` }, samples, sql`target`)})`);
  }
  const [row] = resultRows<{ id: string }>(await db.execute(sql`with ${sql.join(ctes, sql`, `)} select id from stopped`));
  if (row) await priceTransaction(row.id);
}

/**
 * 1.6 MeterValues. Samples are linked to their transaction when the charge
 * point names it; a running transaction's energy so far is its highest
 * register reading minus meterStart (readings only grow, so replays change
 * nothing). One statement: the samples and the energy commit together, in
 * one round trip, before the charge point gets its answer.
 */
export async function recordMeterValues16(chargePointId: string, connectorId: number, transactionId: number | undefined, values: MeterValue16[]): Promise<void> {
  const db = await getDb();
  const samples = samplesFrom16(values);
  const range = registerRange(samples);
  if (transactionId === undefined) return storeSamples(db, { chargePointId, evseId: connectorId, transactionId: null }, samples);
  const ctes = [
    sql`tx as (select ${transactions.id} from ${transactions}
      where ${transactions.chargePointId} = ${chargePointId} and ${transactions.ocppTransactionId} = ${String(transactionId)})`,
  ];
  // An unknown transaction's readings are kept too; they just belong to no transaction.
  if (samples.length > 0) ctes.push(sql`ins as (${insertSamples({ chargePointId, evseId: connectorId, transactionId: sql`(select id from tx)` }, samples)})`);
  const energy = range
    ? sql`update ${transactions} set energy_wh = greatest(energy_wh, ${range.high}::double precision - meter_start_wh)
        where id = (select id from tx) and stopped_at is null and meter_start_wh is not null`
    : sql`select 1`;
  await db.execute(sql`with ${sql.join(ctes, sql`, `)} ${energy}`);
}

export interface TransactionEvent201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  seqNo: number;
  offline?: boolean;
  transactionInfo: { transactionId: string; stoppedReason?: string };
  idToken?: { idToken: string; type: string };
  evse?: { id: number; connectorId?: number };
  meterValue?: MeterValue201[];
}

/**
 * 2.0.1 TransactionEvent, keyed by the charge point's transactionId. Events
 * may come late, out of order or twice (offline queue): the row is upserted,
 * the start is the earliest timestamp seen, only the first Ended stops it,
 * samples are stored once and each event's register readings widen the
 * transaction's range (see `registerRange`). One statement (upsert and
 * samples together), so an event costs one round trip and one commit.
 */
export async function recordTransactionEvent(chargePointId: string, p: TransactionEvent201): Promise<void> {
  const db = await getDb();
  const at = ocppTime(p.timestamp);
  const samples = samplesFrom201(p.meterValue);
  const range = registerRange(samples);
  const ended = p.eventType === 'Ended';
  // The readings seen so far span [meter_start_wh, meter_start_wh + energy_wh]; this event's range widens it.
  const high = sql`greatest(${transactions.meterStartWh} + ${transactions.energyWh}, excluded.meter_start_wh + excluded.energy_wh)`;
  const low = sql`least(${transactions.meterStartWh}, excluded.meter_start_wh)`;
  const upsert = db
    .insert(transactions)
    .values({
      chargePointId,
      evseId: p.evse?.id ?? 0,
      connectorId: p.evse?.connectorId ?? 0,
      ocppTransactionId: p.transactionInfo.transactionId,
      idTag: p.idToken?.idToken ?? null,
      startedAt: at,
      lastSeqNo: p.seqNo,
      offline: p.offline ?? false,
      meterStartWh: range?.low ?? null,
      energyWh: range ? range.high - range.low : null,
      stoppedAt: ended ? at : null,
      stopReason: ended ? (p.transactionInfo.stoppedReason ?? 'Local') : null,
      meterStopWh: ended ? (range?.high ?? null) : null,
    })
    .onConflictDoUpdate({
      target: [transactions.chargePointId, transactions.ocppTransactionId],
      set: {
        startedAt: sql`least(${transactions.startedAt}, excluded.started_at)`,
        lastSeqNo: sql`greatest(${transactions.lastSeqNo}, excluded.last_seq_no)`,
        offline: sql`${transactions.offline} or excluded.offline`,
        idTag: sql`coalesce(${transactions.idTag}, excluded.id_tag)`,
        evseId: p.evse ? sql`excluded.evse_id` : sql`${transactions.evseId}`,
        connectorId: p.evse?.connectorId !== undefined ? sql`excluded.connector_id` : sql`${transactions.connectorId}`,
        meterStartWh: low,
        energyWh: sql`${high} - ${low}`,
        // Only the first Ended stops it; a late event after the end still widens the stop reading.
        stoppedAt: sql`coalesce(${transactions.stoppedAt}, excluded.stopped_at)`,
        stopReason: sql`case when ${transactions.stoppedAt} is null then excluded.stop_reason else ${transactions.stopReason} end`,
        meterStopWh: sql`case when coalesce(${transactions.stoppedAt}, excluded.stopped_at) is null then null else ${high} end`,
        updatedAt: now(),
      },
    })
    .returning({ id: transactions.id, evseId: transactions.evseId });
  // Every part of one statement sees the rows as they were before it: `before` tells whether it had ended already.
  const ctes = [
    sql`before as (select ${transactions.stoppedAt} from ${transactions}
      where ${transactions.chargePointId} = ${chargePointId} and ${transactions.ocppTransactionId} = ${p.transactionInfo.transactionId})`,
    sql`upserted as (${upsert.getSQL()})`,
  ];
  if (samples.length > 0) {
    ctes.push(sql`ins as (${insertSamples({ chargePointId, evseId: sql`upserted.evse_id`, transactionId: sql`upserted.id` }, samples, sql`upserted`)})`);
  }
  const added = samples.length > 0 ? sql`(select count(*) from ins)::int` : sql`0`;
  const [row] = resultRows<{ id: string; added: number; endedBefore: boolean }>(
    await db.execute(sql`with ${sql.join(ctes, sql`, `)}
      select id, ${added} as added, exists (select 1 from before where stopped_at is not null) as "endedBefore" from upserted`),
  );
  // New readings for a transaction already ended (queued messages after Ended): its cost must count them too.
  const lateReadings = row.endedBefore && row.added > 0;
  if (ended || lateReadings) await priceTransaction(row.id, { again: lateReadings });
}
