import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { conflict, validationError } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { getOwnedChargePoint } from './ownership';
import { ensureOwnIdTag } from './id-tags';
import { prepareSendLocalList, recordLocalListVersion } from './local-list';
import { prepareOperation } from './operations';
import { assertStartable, runningTransactionId } from './transactions';
import { commands16, commands201, type Command16, type Command201, type commandRequestSchema } from './ocpp/command-schemas';
import { connectedProtocol, sendCommand, type CommandAnswer } from './ocpp/commands';

/** The payload to send, and what to record once the charge point has answered (or the call failed). */
export interface PreparedCommand {
  payload: CommandAnswer;
  after?: (answer: CommandAnswer) => Promise<void>;
  failed?: () => Promise<void>;
}

/**
 * Sends a command to one of the user's charge points: checks ownership and
 * the payload against the charge point's protocol, fills in defaults (a
 * remote start without a tag uses the user's own; local lists are built from
 * the user's tags), and returns the answer.
 */
export async function runCommand(
  ownerId: string,
  chargePointId: string,
  request: z.infer<typeof commandRequestSchema>,
): Promise<{ action: string; answer: CommandAnswer }> {
  const chargePoint = await getOwnedChargePoint(ownerId, chargePointId);
  const protocol = connectedProtocol(chargePoint.identity);
  // An offline charge point has no protocol to check against; sendCommand answers 409.
  const schema = protocol === 'ocpp1.6' ? commands16 : protocol === 'ocpp2.0.1' ? commands201 : null;
  let prepared: PreparedCommand = { payload: request.payload };
  if (schema && protocol) {
    const parsed = schema.safeParse(request);
    if (!parsed.success) throw validationError(parsed.error, 'body');
    prepared = await prepare(ownerId, chargePoint.id, protocol, parsed.data);
  }
  let answer: CommandAnswer;
  try {
    answer = await sendCommand(chargePoint.identity, request.action, prepared.payload);
  } catch (error) {
    await prepared.failed?.();
    throw error;
  }
  await prepared.after?.(answer);
  await recordAudit({ actorUserId: ownerId, action: `charge_point.command.${request.action}`, subjectType: 'charge_point', subjectId: chargePoint.id });
  return { action: request.action, answer };
}

async function prepare(ownerId: string, chargePointId: string, protocol: string, command: Command16 | Command201): Promise<PreparedCommand> {
  switch (command.action) {
    case 'RemoteStartTransaction':
      await assertStartable(chargePointId, command.payload.connectorId);
      return { payload: { ...command.payload, idTag: command.payload.idTag ?? (await ensureOwnIdTag(ownerId)) } };
    case 'RequestStartTransaction':
      await assertStartable(chargePointId, command.payload.evseId);
      return {
        payload: {
          ...command.payload,
          idToken: command.payload.idToken ?? { idToken: await ensureOwnIdTag(ownerId), type: 'Central' },
          remoteStartId: command.payload.remoteStartId ?? randomInt(1, 2 ** 31 - 1),
        },
      };
    case 'GetBaseReport':
      return { payload: { ...command.payload, requestId: command.payload.requestId ?? randomInt(1, 2 ** 31 - 1) } };
    case 'SendLocalList':
      return prepareSendLocalList(ownerId, chargePointId, protocol, command.payload);
    case 'SetChargingProfile':
      return 'csChargingProfiles' in command.payload ? prepareTxProfile16(chargePointId, command.payload) : { payload: command.payload };
    case 'GetLocalListVersion':
      return { payload: {}, after: (answer) => recordLocalListVersion(chargePointId, answer) };
    case 'UpdateFirmware':
    case 'GetDiagnostics':
    case 'GetLog':
      return prepareOperation(chargePointId, command);
    default:
      return { payload: command.payload };
  }
}

type SetChargingProfile16 = Extract<Command16, { action: 'SetChargingProfile' }>['payload'];

/**
 * A 1.6 TxProfile only applies to a running transaction (the charge point
 * discards it otherwise): without a transactionId it is for the session
 * running on its connector, and there must be one.
 */
async function prepareTxProfile16(chargePointId: string, payload: SetChargingProfile16): Promise<PreparedCommand> {
  const profile = payload.csChargingProfiles;
  if (profile.chargingProfilePurpose !== 'TxProfile' || profile.transactionId !== undefined) return { payload };
  const transactionId = await runningTransactionId(chargePointId, payload.connectorId);
  if (transactionId === undefined) throw conflict(`No session is running on connector ${payload.connectorId}; a TxProfile applies to one`, 'no_running_transaction');
  return { payload: { ...payload, csChargingProfiles: { ...profile, transactionId: Number(transactionId) } } };
}
