import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { validationError } from '@/server/http/errors';
import { recordAudit } from '@/server/audit/audit';
import { getOwnedChargePoint } from './ownership';
import { ensureOwnIdTag } from './id-tags';
import { commands16, commands201, type commandRequestSchema } from './ocpp/command-schemas';
import { connectedProtocol, sendCommand, type CommandAnswer } from './ocpp/commands';

/**
 * Sends a command to one of the user's charge points: checks ownership and
 * the payload against the charge point's protocol, fills in defaults (a
 * remote start without a tag uses the user's own), and returns the answer.
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
  let payload: CommandAnswer = request.payload;
  if (schema) {
    const parsed = schema.safeParse(request);
    if (!parsed.success) throw validationError(parsed.error, 'body');
    payload = await withDefaults(ownerId, parsed.data);
  }
  const answer = await sendCommand(chargePoint.identity, request.action, payload);
  await recordAudit({ actorUserId: ownerId, action: `charge_point.command.${request.action}`, subjectType: 'charge_point', subjectId: chargePoint.id });
  return { action: request.action, answer };
}

async function withDefaults(ownerId: string, command: z.infer<typeof commands16> | z.infer<typeof commands201>): Promise<CommandAnswer> {
  if (command.action === 'RemoteStartTransaction') {
    return { ...command.payload, idTag: command.payload.idTag ?? (await ensureOwnIdTag(ownerId)) };
  }
  if (command.action === 'RequestStartTransaction') {
    return {
      ...command.payload,
      idToken: command.payload.idToken ?? { idToken: await ensureOwnIdTag(ownerId), type: 'Central' },
      remoteStartId: command.payload.remoteStartId ?? randomInt(1, 2 ** 31 - 1),
    };
  }
  return command.payload;
}
