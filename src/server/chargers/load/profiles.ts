import { AppError } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { schedulePeriods, type PlanMask } from '@/server/planner/plan';
import { sendCommand } from '../ocpp/commands';

/** TxProfile ids: one per EVSE, so a new limit replaces the previous one. */
const PROFILE_ID_BASE = 9100;

export interface LimitTarget {
  identity: string;
  /** The charge point's OCPP version as recorded at its boot ('ocpp1.6' or 'ocpp2.0.1'). */
  protocol: string | null;
  evseId: number;
  ocppTransactionId: string;
}

/**
 * What became of a SetChargingProfile: `applied` the charge point holds the
 * limit now, `unchanged` it certainly does not (it refused, or the command
 * never left), `unknown` it may or may not (no answer in time, the socket
 * dropped mid-call).
 */
export interface SendResult {
  status: string;
  outcome: 'applied' | 'unchanged' | 'unknown';
}

/** Errors raised before the command reached the charge point. */
const NOT_SENT = new Set(['charge_point_offline', 'invalid_command']);

/**
 * Sends a TxProfile (stack level 0) limiting the transaction to `limit` A per
 * phase: Relative, or with a charging plan (src/server/planner/) Absolute,
 * `limit` only in the planned windows and 0 A between them. One profile per
 * session carries both, so the plan never lets it draw more than its share.
 */
export async function sendLimit(target: LimitTarget, limit: number, phases: number, plan?: PlanMask | null): Promise<SendResult> {
  const { identity, protocol, evseId, ocppTransactionId } = target;
  const id = PROFILE_ID_BASE + evseId;
  const periods = plan ? schedulePeriods(plan, limit, phases) : [{ startPeriod: 0, limit, numberPhases: phases }];
  const kind = plan ? { chargingProfileKind: 'Absolute' } : { chargingProfileKind: 'Relative' };
  const start = plan ? { startSchedule: plan.startAt.toISOString() } : {};
  const payload =
    protocol === 'ocpp1.6'
      ? {
          connectorId: evseId,
          csChargingProfiles: {
            chargingProfileId: id,
            transactionId: Number(ocppTransactionId),
            stackLevel: 0,
            chargingProfilePurpose: 'TxProfile',
            ...kind,
            chargingSchedule: { ...start, chargingRateUnit: 'A', chargingSchedulePeriod: periods },
          },
        }
      : {
          evseId,
          chargingProfile: {
            id,
            transactionId: ocppTransactionId,
            stackLevel: 0,
            chargingProfilePurpose: 'TxProfile',
            ...kind,
            chargingSchedule: [{ id, ...start, chargingRateUnit: 'A', chargingSchedulePeriod: periods }],
          },
        };
  try {
    const status = String((await sendCommand(identity, 'SetChargingProfile', payload)).status);
    return { status, outcome: status === 'Accepted' ? 'applied' : 'unchanged' };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'error';
    return { status: code, outcome: NOT_SENT.has(code) ? 'unchanged' : 'unknown' };
  }
}

/** Removes our TxProfile: the session charges at the charge point's own maximum again. */
export async function clearLimit(target: Pick<LimitTarget, 'identity' | 'protocol' | 'evseId'>): Promise<void> {
  const id = PROFILE_ID_BASE + target.evseId;
  try {
    await sendCommand(target.identity, 'ClearChargingProfile', target.protocol === 'ocpp1.6' ? { id } : { chargingProfileId: id });
  } catch (err) {
    getLogger().warn({ err, chargePoint: target.identity }, 'load balancing limit not cleared');
  }
}
