import { and, eq, sql } from 'drizzle-orm';
import { RPCPropertyConstraintViolationError } from 'ocpp-rpc/lib/errors.js';
import { getDb } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { transactions } from '@/server/db/schema';
import {
  checkedReading,
  ENERGY_REGISTER,
  insertSamples,
  registerRange,
  samplesFrom16,
  samplesFrom201,
  samplesJson,
  storeSamples,
  type MeterValue16,
  type MeterValue201,
} from './meter-values';
import { claimedTime, logReplacedTimes, messageClock } from './time';
import { priceTransaction, repriceTransaction } from '../pricing';

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
 * finds its row by start_key and gets the same id back: the key holds the
 * time the charge point claimed, even when a wrong clock's claim was replaced
 * by the receive time (see `messageClock`).
 */
export async function startTransaction16(chargePointId: string, p: StartTransaction16): Promise<number> {
  checkedReading(ENERGY_REGISTER, p.meterStart, 'meterStart');
  const clock = messageClock();
  const startedAt = clock.time(p.timestamp).toISOString();
  logReplacedTimes(chargePointId, 'StartTransaction', clock);
  const startKey = `${p.connectorId}|${p.idTag}|${p.meterStart}|${claimedTime(p.timestamp)?.toISOString() ?? startedAt}`;
  const [created] = await startTransaction16Statement({ chargePointId, connectorId: p.connectorId, idTag: p.idTag, startedAt, meterStart: p.meterStart, startKey });
  if (created) return Number(created.ocppTransactionId);
  const db = await getDb();
  const [existing] = await db
    .select({ ocppTransactionId: transactions.ocppTransactionId })
    .from(transactions)
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.startKey, startKey)));
  return Number(existing.ocppTransactionId);
}

type StartTransaction16Values = { chargePointId: string; connectorId: number; idTag: string; startedAt: string; meterStart: number; startKey: string };

const startTransaction16Statement = preparedStatement<StartTransaction16Values, { ocppTransactionId: string }>(() => {
  const connectorId = sql`${sql.placeholder('connectorId')}::integer`;
  return sql`insert into ${transactions} (charge_point_id, evse_id, connector_id, ocpp_transaction_id, id_tag, started_at, meter_start_wh, start_key)
    values (${sql.placeholder('chargePointId')}::uuid, ${connectorId}, ${connectorId}, nextval('ocpp16_transaction_id_seq')::text, ${sql.placeholder('idTag')}::text,
      ${sql.placeholder('startedAt')}::timestamptz, ${sql.placeholder('meterStart')}::double precision, ${sql.placeholder('startKey')}::text)
    on conflict (charge_point_id, start_key) do nothing
    returning ${transactions.ocppTransactionId} as "ocppTransactionId"`;
});

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
 * counts, a replay changes nothing. A meterStop below the transaction's
 * meterStart is refused (PropertyConstraintViolation) and nothing of the
 * message is stored; a stop time before the start is the start. One
 * statement for the stop and its transaction data, like the other hot
 * messages: an interactive transaction would hold the embedded database
 * across several round trips.
 */
export async function stopTransaction16(chargePointId: string, p: StopTransaction16): Promise<void> {
  checkedReading(ENERGY_REGISTER, p.meterStop, 'meterStop');
  const clock = messageClock();
  const samples = samplesFrom16(p.transactionData, clock);
  const stoppedAt = clock.time(p.timestamp).toISOString();
  logReplacedTimes(chargePointId, 'StopTransaction', clock);
  const [row] = await stopTransaction16Statement({
    chargePointId,
    transactionId: String(p.transactionId),
    stoppedAt,
    meterStop: p.meterStop,
    reason: p.reason ?? 'Local',
    now: clock.received.toISOString(),
    samples: samplesJson(samples),
  });
  if (row.meterStartAbove !== null) throw new RPCPropertyConstraintViolationError(`meterStop ${p.meterStop} is below the transaction's meterStart ${row.meterStartAbove}`);
  if (row.id) await priceTransaction(row.id);
}

type StopTransaction16Values = { chargePointId: string; transactionId: string; stoppedAt: string; meterStop: number; reason: string; now: string; samples: string };

// A one-row `target` even when the transaction is unknown: its readings are kept too, they just belong to no transaction.
// None when meterStop is below meterStart: then nothing is written, and `meterStartAbove` says why.
const stopTransaction16Statement = preparedStatement<StopTransaction16Values, { id: string | null; meterStartAbove: number | null }>(() => {
  const meterStop = sql`${sql.placeholder('meterStop')}::double precision`;
  return sql`with tx as (select ${transactions.id}, ${transactions.evseId}, ${transactions.meterStartWh} from ${transactions}
      where ${transactions.chargePointId} = ${sql.placeholder('chargePointId')} and ${transactions.ocppTransactionId} = ${sql.placeholder('transactionId')}),
    above as (select (select meter_start_wh from tx where meter_start_wh > ${meterStop}) as meter_start_wh),
    target as (select (select id from tx) as id, coalesce((select evse_id from tx), 0) as evse_id from above where above.meter_start_wh is null),
    stopped as (update ${transactions} set
        stopped_at = greatest(started_at, ${sql.placeholder('stoppedAt')}::timestamptz),
        meter_stop_wh = ${meterStop},
        energy_wh = ${meterStop} - coalesce(meter_start_wh, ${meterStop}),
        stop_reason = ${sql.placeholder('reason')}::text,
        updated_at = ${sql.placeholder('now')}::timestamptz
      where id = (select id from target) and stopped_at is null
      returning id),
    ins as (${insertSamples({ chargePointId: sql.placeholder('chargePointId'), evseId: sql`target.evse_id`, transactionId: sql`target.id` }, sql.placeholder('samples'), sql`target`)})
    select (select id from stopped) as id, (select meter_start_wh from above) as "meterStartAbove"`;
});

/**
 * 1.6 MeterValues. Samples are linked to their transaction when the charge
 * point names it; a running transaction's energy so far is its highest
 * register reading minus meterStart (readings only grow, so replays change
 * nothing). One statement: the samples and the energy commit together, in
 * one round trip, before the charge point gets its answer.
 */
export async function recordMeterValues16(chargePointId: string, connectorId: number, transactionId: number | undefined, values: MeterValue16[]): Promise<void> {
  const clock = messageClock();
  const samples = samplesFrom16(values, clock);
  logReplacedTimes(chargePointId, 'MeterValues', clock);
  if (transactionId === undefined) return storeSamples({ chargePointId, evseId: connectorId }, samples);
  // An unknown transaction's readings are kept too; they just belong to no transaction.
  await meterValues16Statement({
    chargePointId,
    evseId: connectorId,
    transactionId: String(transactionId),
    samples: samplesJson(samples),
    high: registerRange(samples)?.high ?? null,
  });
}

const meterValues16Statement = preparedStatement<{ chargePointId: string; evseId: number; transactionId: string; samples: string; high: number | null }>(
  () => sql`with tx as (select ${transactions.id} from ${transactions}
      where ${transactions.chargePointId} = ${sql.placeholder('chargePointId')} and ${transactions.ocppTransactionId} = ${sql.placeholder('transactionId')}),
    ins as (${insertSamples({ chargePointId: sql.placeholder('chargePointId'), evseId: sql.placeholder('evseId'), transactionId: sql`(select id from tx)` }, sql.placeholder('samples'))})
    update ${transactions} set energy_wh = greatest(energy_wh, ${sql.placeholder('high')}::double precision - meter_start_wh, 0)
      where id = (select id from tx) and stopped_at is null and meter_start_wh is not null
        and ${sql.placeholder('high')}::double precision is not null`,
);

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
  const clock = messageClock();
  const at = clock.time(p.timestamp).toISOString();
  const samples = samplesFrom201(p.meterValue, clock);
  logReplacedTimes(chargePointId, 'TransactionEvent', clock);
  const range = registerRange(samples);
  const ended = p.eventType === 'Ended';
  const [row] = await transactionEventStatement({
    chargePointId,
    transactionId: p.transactionInfo.transactionId,
    evseId: p.evse?.id ?? null,
    connectorId: p.evse?.connectorId ?? null,
    idTag: p.idToken?.idToken ?? null,
    at,
    seqNo: p.seqNo,
    offline: p.offline ?? false,
    low: range?.low ?? null,
    high: range?.high ?? null,
    stoppedAt: ended ? at : null,
    stopReason: ended ? (p.transactionInfo.stoppedReason ?? 'Local') : null,
    now: clock.received.toISOString(),
    samples: samplesJson(samples),
  });
  // New readings for a transaction already ended (queued messages after Ended): its cost must count them too.
  if (row.endedBefore && row.added > 0) await repriceTransaction(row.id);
  else if (ended) await priceTransaction(row.id);
}

type TransactionEventValues = {
  chargePointId: string;
  transactionId: string;
  /** Null when the event names no EVSE (or connector): the row keeps what it has, a new row gets 0. */
  evseId: number | null;
  connectorId: number | null;
  idTag: string | null;
  at: string;
  seqNo: number;
  offline: boolean;
  /** The event's lowest and highest energy register readings (`registerRange`). */
  low: number | null;
  high: number | null;
  stoppedAt: string | null;
  stopReason: string | null;
  now: string;
  samples: string;
};

// Every part of one statement sees the rows as they were before it: `before` tells whether it had ended already.
const transactionEventStatement = preparedStatement<TransactionEventValues, { id: string; added: number; endedBefore: boolean }>(() => {
  const t = transactions;
  const value = (name: keyof TransactionEventValues, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}`;
  const low = value('low', 'double precision');
  const high = value('high', 'double precision');
  const stoppedAt = value('stoppedAt', 'timestamptz');
  // The readings seen so far span [meter_start_wh, meter_start_wh + energy_wh]; this event's range widens it.
  const rangeHigh = sql`greatest(${t.meterStartWh} + ${t.energyWh}, excluded.meter_start_wh + excluded.energy_wh)`;
  const rangeLow = sql`least(${t.meterStartWh}, excluded.meter_start_wh)`;
  return sql`with before as (select ${t.stoppedAt} from ${t}
      where ${t.chargePointId} = ${sql.placeholder('chargePointId')} and ${t.ocppTransactionId} = ${sql.placeholder('transactionId')}),
    upserted as (insert into ${t} (charge_point_id, evse_id, connector_id, ocpp_transaction_id, id_tag, started_at, last_seq_no, offline,
        meter_start_wh, energy_wh, stopped_at, stop_reason, meter_stop_wh)
      values (${value('chargePointId', 'uuid')}, coalesce(${value('evseId', 'integer')}, 0), coalesce(${value('connectorId', 'integer')}, 0),
        ${value('transactionId', 'text')}, ${value('idTag', 'text')}, ${value('at', 'timestamptz')}, ${value('seqNo', 'integer')}, ${value('offline', 'boolean')},
        ${low}, ${high} - ${low}, ${stoppedAt}, ${value('stopReason', 'text')}, case when ${stoppedAt} is null then null else ${high} end)
      on conflict (charge_point_id, ocpp_transaction_id) do update set
        started_at = least(${t.startedAt}, excluded.started_at),
        last_seq_no = greatest(${t.lastSeqNo}, excluded.last_seq_no),
        offline = ${t.offline} or excluded.offline,
        id_tag = coalesce(${t.idTag}, excluded.id_tag),
        evse_id = case when ${value('evseId', 'integer')} is null then ${t.evseId} else excluded.evse_id end,
        connector_id = case when ${value('connectorId', 'integer')} is null then ${t.connectorId} else excluded.connector_id end,
        meter_start_wh = ${rangeLow},
        energy_wh = ${rangeHigh} - ${rangeLow},
        -- Only the first Ended stops it; a late event after the end still widens the stop reading.
        stopped_at = coalesce(${t.stoppedAt}, excluded.stopped_at),
        stop_reason = case when ${t.stoppedAt} is null then excluded.stop_reason else ${t.stopReason} end,
        meter_stop_wh = case when coalesce(${t.stoppedAt}, excluded.stopped_at) is null then null else ${rangeHigh} end,
        updated_at = ${value('now', 'timestamptz')}
      returning ${t.id}, ${t.evseId}),
    ins as (${insertSamples({ chargePointId: sql.placeholder('chargePointId'), evseId: sql`upserted.evse_id`, transactionId: sql`upserted.id` }, sql.placeholder('samples'), sql`upserted`)})
    select id, (select count(*) from ins)::int as added, exists (select 1 from before where stopped_at is not null) as "endedBefore" from upserted`;
});
