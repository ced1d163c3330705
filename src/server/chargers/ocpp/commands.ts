import { RPCError, TimeoutError } from 'ocpp-rpc';
import standardValidators from 'ocpp-rpc/lib/standard-validators';
import { AppError } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { getConnection } from './registry';

export type CommandAnswer = Record<string, unknown>;

/** The protocol of a live connection in this process, or null when the charge point is not connected here. */
export const connectedProtocol = (identity: string): string | null => getConnection(identity)?.protocol ?? null;

/**
 * Sends one CSMS-initiated call and returns the charge point's answer.
 *
 * Everything in and out is plain JSON, so a multi-instance transport can
 * later route the same call to the process that holds the socket. Calls to
 * one charge point go out one at a time (ocpp-rpc's per-client queue,
 * `callConcurrency: 1`); the charge point's own calls are answered meanwhile.
 * The timeout counts from when the call is sent.
 */
export async function sendCommand(identity: string, action: string, payload: CommandAnswer, options: { timeoutMs?: number } = {}): Promise<CommandAnswer> {
  const client = getConnection(identity);
  if (!client) throw new AppError(409, 'charge_point_offline', 'The charge point is not connected');
  const validator = standardValidators.find((v) => v.subprotocol === client.protocol);
  try {
    validator?.validate(`urn:${action}.req`, payload);
  } catch (error) {
    throw new AppError(422, 'invalid_command', `${action} does not match the ${client.protocol} schema: ${(error as Error).message}`);
  }
  const log = getLogger().child({ chargePoint: identity, action });
  try {
    const answer = (await client.call(action, payload, { callTimeoutMs: options.timeoutMs })) as CommandAnswer;
    // Not the answer itself: GetConfiguration and GetVariables can carry secrets.
    log.info('OCPP command answered');
    return answer;
  } catch (error) {
    if (error instanceof TimeoutError) {
      log.warn('OCPP command timed out');
      throw new AppError(504, 'charge_point_timeout', `The charge point did not answer ${action} in time`);
    }
    if (error instanceof RPCError) {
      log.warn({ err: error.message, code: error.rpcErrorCode }, 'OCPP command failed');
      throw new AppError(502, 'charge_point_error', `The charge point answered ${action} with ${error.rpcErrorCode}: ${error.message}`);
    }
    // The socket closed before the answer came.
    if (!getConnection(identity)) throw new AppError(409, 'charge_point_offline', 'The charge point disconnected before answering');
    throw error;
  }
}
