import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/server/db/client';
import { meterValues, transactions, vehicles, type Transaction } from '@/server/db/schema';
import { conflict, notFound } from '@/server/http/errors';
import { getOperableChargePoint } from './ownership';

export const presentTransaction = (t: Transaction & { vehicleName?: string | null }) => ({
  id: t.id,
  transaction_id: t.ocppTransactionId,
  evse_id: t.evseId,
  connector_id: t.connectorId,
  id_tag: t.idTag,
  started_at: t.startedAt.toISOString(),
  stopped_at: t.stoppedAt?.toISOString() ?? null,
  meter_start_wh: t.meterStartWh,
  meter_stop_wh: t.meterStopWh,
  energy_wh: t.energyWh,
  cost: t.cost === null ? null : Number(t.cost),
  currency: t.currency,
  stop_reason: t.stopReason,
  offline: t.offline,
  /** The car it charged (docs/planner.md): its id, how it was matched, its battery level at the start and the end. */
  vehicle_id: t.vehicleId,
  vehicle_match: t.vehicleMatch,
  vehicle_battery_start: t.vehicleBatteryStart,
  vehicle_battery_end: t.vehicleBatteryEnd,
  ...(t.vehicleName !== undefined && { vehicle_name: t.vehicleName }),
});

export const transactionListQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export async function listTransactions(ownerId: string, id: string, limit: number): Promise<Array<Transaction & { vehicleName: string | null }>> {
  const cp = await getOperableChargePoint(ownerId, id);
  const db = await getDb();
  const rows = await db
    .select({ tx: transactions, name: vehicles.displayName, brand: vehicles.brand, model: vehicles.model })
    .from(transactions)
    .leftJoin(vehicles, eq(vehicles.id, transactions.vehicleId))
    .where(eq(transactions.chargePointId, cp.id))
    .orderBy(desc(transactions.startedAt))
    .limit(limit);
  // The car it charged (docs/planner.md), by name.
  return rows.map((r) => ({ ...r.tx, vehicleName: r.tx.vehicleId ? (r.name ?? ([r.brand, r.model].filter(Boolean).join(' ') || 'Vehicle')) : null }));
}

/** The OCPP id of the newest open transaction on a 1.6 connector, if any. */
export async function runningTransactionId(chargePointId: string, connectorId: number): Promise<string | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ ocppTransactionId: transactions.ocppTransactionId })
    .from(transactions)
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.connectorId, connectorId), isNull(transactions.stoppedAt)))
    .orderBy(desc(transactions.startedAt))
    .limit(1);
  return row?.ocppTransactionId;
}

/**
 * A remote start on a connector (EVSE) with a running session would start
 * nothing or, worse, a second session on the same cable: 409, whatever the
 * client checked. Without a connector the charge point picks a free one itself.
 */
export async function assertStartable(chargePointId: string, evseId: number | undefined): Promise<void> {
  if (evseId === undefined) return;
  const db = await getDb();
  const [running] = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.chargePointId, chargePointId), eq(transactions.evseId, evseId), isNull(transactions.stoppedAt)))
    .limit(1);
  if (running) throw conflict('session_running', 'errors.sessions.alreadyRunning', { connector: String(evseId) });
}

/** The meter's signed record of a reading, for a transparency tool to check. */
const presentSigned = (v: Record<string, unknown>) => ({
  signed_meter_data: v.signedMeterData,
  signing_method: v.signingMethod,
  encoding_method: v.encodingMethod,
  public_key: v.publicKey,
});

/** One transaction of the user's charge point with its meter values, oldest first. */
export async function transactionDetail(ownerId: string, chargePointId: string, id: string) {
  const cp = await getOperableChargePoint(ownerId, chargePointId);
  const db = await getDb();
  const [tx] = await db.select().from(transactions).where(and(eq(transactions.id, id), eq(transactions.chargePointId, cp.id)));
  if (!tx) throw notFound('transaction');
  const samples = await db
    .select()
    .from(meterValues)
    .where(eq(meterValues.transactionId, tx.id))
    .orderBy(asc(meterValues.sampledAt), asc(meterValues.measurand), asc(meterValues.phase));
  return {
    ...presentTransaction(tx),
    meter_values: samples.map((m) => ({
      sampled_at: m.sampledAt.toISOString(),
      measurand: m.measurand,
      phase: m.phase || null,
      location: m.location || null,
      context: m.context,
      unit: m.unit,
      value: m.value,
      signed_meter_value: m.signedMeterValue && presentSigned(m.signedMeterValue),
    })),
  };
}
