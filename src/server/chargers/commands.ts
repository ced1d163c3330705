import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { handle, request as busRequest } from '@/server/cluster/bus';
import { getConfig } from '@/server/config';
import { conflict, validationError } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { getOperableChargePoint } from './ownership';
import { ensureOwnIdTag } from './id-tags';
import { prepareSendLocalList, recordLocalListVersion } from './local-list';
import { prepareOperation } from './operations';
import { assertStartable, runningTransactionId } from './transactions';
import { commands16, commands201, commandRequestSchema, type Command16, type Command201 } from './ocpp/command-schemas';
import { asCommandError, connectedProtocol, offline, sendCommand, type CommandAnswer } from './ocpp/commands';
import { getConnection } from './ocpp/registry';
import { holderOf } from './ocpp/remote';

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
  // The owner or a manager of its site; what the command builds from (the tag
  // a remote start uses, the local list) is the charge point owner's.
  const chargePoint = await getOperableChargePoint(ownerId, chargePointId);
  if (request.action === 'SendLocalList' && !getConnection(chargePoint.identity)) return runOnHolder(chargePoint.identity, { ownerId, chargePointId, request });
  const protocol = await connectedProtocol(chargePoint.identity);
  // An offline charge point has no protocol to check against; sendCommand answers 409.
  const schema = protocol === 'ocpp1.6' ? commands16 : protocol === 'ocpp2.0.1' ? commands201 : null;
  let prepared: PreparedCommand = { payload: request.payload };
  if (schema && protocol) {
    const parsed = schema.safeParse(request);
    if (!parsed.success) throw validationError(parsed.error, 'body');
    prepared = await prepare(chargePoint.ownerId ?? ownerId, chargePoint.id, protocol, parsed.data);
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

type CommandResult = Awaited<ReturnType<typeof runCommand>>;

const LOCAL_LIST_METHOD = 'chargers.sendLocalList';
const onHolderRequest = z.object({ ownerId: z.string(), chargePointId: z.string(), request: commandRequestSchema });
/** Building a list and the charge point's answer: the call timeout, plus the database work around it. */
const LOCAL_LIST_EXTRA_MS = 5_000;

/**
 * SendLocalList is built, sent and recorded where the socket is: the list
 * lock (local-list.ts) is per process, so running it all on the holder makes
 * that lock the one lock for the charge point, with nothing held across
 * instances (an advisory lock would pin a pool connection for a whole call).
 */
async function runOnHolder(identity: string, data: z.infer<typeof onHolderRequest>): Promise<CommandResult> {
  const holder = await holderOf(identity);
  if (!holder) throw offline();
  try {
    return (await busRequest(holder, LOCAL_LIST_METHOD, data, getConfig().ocpp.callTimeoutMs + LOCAL_LIST_EXTRA_MS)) as CommandResult;
  } catch (error) {
    throw asCommandError(error, 'SendLocalList');
  }
}

/** Registers the holder's side of runOnHolder; called once by the OCPP server. */
export function registerCommandHandlers(): void {
  handle(LOCAL_LIST_METHOD, async (data) => {
    const { ownerId, chargePointId, request } = onHolderRequest.parse(data);
    const chargePoint = await getOperableChargePoint(ownerId, chargePointId);
    // No second hop: if this instance lost the socket meanwhile, the caller hears so.
    if (!getConnection(chargePoint.identity)) throw offline();
    return runCommand(ownerId, chargePointId, request);
  });
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
  if (transactionId === undefined) throw conflict('no_running_transaction', 'errors.commands.txProfileNeedsSession', { connector: String(payload.connectorId) });
  return { payload: { ...payload, csChargingProfiles: { ...profile, transactionId: Number(transactionId) } } };
}
