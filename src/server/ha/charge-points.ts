/**
 * Charge points for Home Assistant: state (connectors, live power, the open
 * session), start/stop and a current limit, through the same domain code as
 * the app's own charge point API.
 */
import { z } from 'zod';
import type { Locale } from '@/i18n/locales';
import { updateChargePoint, chargePointDetail, listChargePoints } from '@/server/chargers/charge-points';
import { runCommand } from '@/server/chargers/commands';
import { connectedProtocol } from '@/server/chargers/ocpp/commands';
import { getOperableChargePoint, getOwnedChargePoint } from '@/server/chargers/ownership';
import { listTransactions, presentTransaction } from '@/server/chargers/transactions';
import { conflict } from '@/server/http/errors';
import { sessionVehicle } from '@/server/planner/matching';
import { plansOf } from '@/server/planner/plans';
import type { chargingModeBody } from '@/server/energy/charging-modes';

export const haChargePointParams = z.object({ chargePointId: z.uuid() });
export const haChargePointChargingSchema = z.object({
  action: z.enum(['START', 'STOP']),
  /** 1.6 connector / 2.0.1 EVSE; the charge point picks one when left out. */
  connector_id: z.number().int().min(1).max(32).optional(),
});
export const currentLimitSchema = z.object({
  /** Amperes per phase; null lifts the limit. */
  amps: z.number().min(6).max(500).nullable(),
  connector_id: z.number().int().min(1).max(32).default(1),
});

/** `locale`: the words of the plan's problem and note (pushes to Home Assistant are in English). */
export async function haChargePointStatus(ownerId: string, id: string, locale: Locale = 'en') {
  // A manager of the site sees the charge point, never the owner's cars and plans (docs/site-members.md).
  const own = (await getOperableChargePoint(ownerId, id)).role === 'owner';
  const [detail, car, plans] = await Promise.all([chargePointDetail(ownerId, id), own ? sessionVehicle(ownerId, id) : null, own ? plansOf([id], locale) : null]);
  const sessions = detail.active_transactions;
  const charging = sessions.length > 0;
  return {
    id: detail.id,
    name: detail.name,
    identity: detail.identity,
    connected: detail.connected,
    status: detail.status,
    error_code: detail.error_code,
    vendor: detail.vendor,
    model: detail.model,
    last_seen_at: detail.last_seen_at,
    is_charging: charging,
    // A number for Home Assistant's power sensor: 0 until the running session's first reading.
    power_w: detail.power_w ?? 0,
    session_energy_kwh: sessions.reduce((sum, s) => sum + (s.energy_wh ?? 0), 0) / 1000,
    connectors: detail.connectors,
    /** The first connector's mode (energy management); each connector has its own in `connectors`. */
    charging_mode: detail.connectors[0]?.charging_mode ?? 'fast',
    active_session: detail.active_transaction,
    /** The car on the charger and its charging plan (docs/planner.md), for the running session. */
    vehicle: car?.sessions[0] ?? null,
    plan: plans?.get(id)?.[0] ?? null,
  };
}

export async function listHaChargePoints(ownerId: string, locale: Locale) {
  return Promise.all((await listChargePoints(ownerId)).map((cp) => haChargePointStatus(ownerId, cp.id, locale)));
}

/** Starts a session with the owner's own tag, or stops the open one. */
export async function haChargePointCharging(ownerId: string, id: string, input: z.infer<typeof haChargePointChargingSchema>) {
  const cp = await getOperableChargePoint(ownerId, id);
  const v201 = (await connectedProtocol(cp.identity)) === 'ocpp2.0.1';
  if (input.action === 'START') {
    const payload = v201 ? { evseId: input.connector_id } : { connectorId: input.connector_id };
    return runCommand(ownerId, id, { action: v201 ? 'RequestStartTransaction' : 'RemoteStartTransaction', payload });
  }
  const open = (await chargePointDetail(ownerId, id)).active_transactions.filter(
    (t) => input.connector_id === undefined || t.evse_id === input.connector_id,
  );
  if (open.length === 0) throw conflict('no_active_session', 'errors.sessions.noneRunning');
  const transactionId = open[0].transaction_id;
  return v201
    ? runCommand(ownerId, id, { action: 'RequestStopTransaction', payload: { transactionId } })
    : runCommand(ownerId, id, { action: 'RemoteStopTransaction', payload: { transactionId: Number(transactionId) } });
}

/** Current limits on a connector: a TxDefaultProfile, and kept as its maximum for site load balancing. */
const LIMIT_PROFILE_ID = 9000;

export async function setHaCurrentLimit(ownerId: string, id: string, input: z.infer<typeof currentLimitSchema>) {
  const cp = await getOwnedChargePoint(ownerId, id);
  const evse = input.connector_id;
  // Kept first: a site rebalance respects it even if the charge point is offline now.
  await updateChargePoint(ownerId, id, { connectors: [{ evse_id: evse, connector_id: 1, max_current_a: input.amps }] });
  const protocol = await connectedProtocol(cp.identity);
  if (!protocol) return { status: 'success', amps: input.amps, applied: false, detail: 'Saved; the charge point gets it when it is online and charging under a site.' };
  const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: input.amps ?? 500 }] };
  const result =
    protocol === 'ocpp2.0.1'
      ? await runCommand(ownerId, id, {
          action: 'SetChargingProfile',
          payload: { evseId: evse, chargingProfile: { id: LIMIT_PROFILE_ID + evse, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: LIMIT_PROFILE_ID + evse, ...schedule }] } },
        })
      : await runCommand(ownerId, id, {
          action: 'SetChargingProfile',
          payload: { connectorId: evse, csChargingProfiles: { chargingProfileId: LIMIT_PROFILE_ID + evse, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule } },
        });
  return { status: 'success', amps: input.amps, applied: result.answer.status === 'Accepted', answer: result.answer };
}

export async function listHaChargePointSessions(ownerId: string, id: string, limit: number) {
  return { sessions: (await listTransactions(ownerId, id, limit)).map(presentTransaction) };
}

/** Charging mode (energy management): the same as PATCH /api/charge-points/{id} with charging_mode. */
export async function setHaChargingMode(ownerId: string, id: string, input: z.infer<typeof chargingModeBody>) {
  await updateChargePoint(
    ownerId,
    id,
    input.connector_id === undefined
      ? { charging_mode: input.charging_mode }
      : { connectors: [{ evse_id: input.connector_id, connector_id: 1, charging_mode: input.charging_mode }] },
  );
  const detail = await chargePointDetail(ownerId, id);
  return {
    status: 'success',
    charging_mode: input.charging_mode,
    connectors: detail.connectors.map((c) => ({ evse_id: c.evse_id, connector_id: c.connector_id, charging_mode: c.charging_mode })),
  };
}
