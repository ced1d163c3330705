import { performance } from 'node:perf_hooks';
// Deep imports with .js: the server bundle loads ocpp-rpc (CommonJS) as plain ESM, which sees neither
// extensionless paths nor the index's spread exports.
import { RPCError, TimeoutError } from 'ocpp-rpc/lib/errors.js';
import standardValidators from 'ocpp-rpc/lib/standard-validators.js';
import { getConfig } from '@/server/config';
import { AppError } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { getConnection } from './registry';
import { processState } from '@/server/runtime';

export type CommandAnswer = Record<string, unknown>;

/** The protocol of a live connection in this process, or null when the charge point is not connected here. */
export const connectedProtocol = (identity: string): string | null => getConnection(identity)?.protocol ?? null;

/** The last queued command per charge point, shared across module copies. */
const queues: Map<string, Promise<void>> = processState<Map<string, Promise<void>>>('ocppCommandQueues', () => new Map());

/** Runs `fn` after every command queued earlier for this charge point has settled. */
function inTurn<T>(identity: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(identity) ?? Promise.resolve()).then(fn);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(identity, tail);
  void tail.then(() => {
    if (queues.get(identity) === tail) queues.delete(identity);
  });
  return run;
}

/** Charge points with commands queued or in flight here. */
export const commandsInFlight = (): number => queues.size;

/** Resolves once every command queued so far has settled (each ends by its own deadline). */
export async function drainCommands(): Promise<void> {
  await Promise.all([...queues.values()]);
}

const offline = (detail = 'The charge point is not connected') => new AppError(409, 'charge_point_offline', detail);
const timedOut = (action: string) => new AppError(504, 'charge_point_timeout', `The charge point did not answer ${action} in time`);

/**
 * Sends one CSMS-initiated call and returns the charge point's answer.
 *
 * Everything in and out is plain JSON, so a multi-instance transport can
 * later route the same call to the process that holds the socket. Commands to
 * one charge point go out one at a time (OCPP allows one call in flight); the
 * charge point's own calls are answered meanwhile. The timeout covers the
 * wait behind earlier commands too: a command whose time ran out in the queue
 * is never sent, so a late Reset cannot surprise anyone.
 */
export async function sendCommand(identity: string, action: string, payload: CommandAnswer, options: { timeoutMs?: number } = {}): Promise<CommandAnswer> {
  const first = getConnection(identity);
  if (!first) throw offline();
  const validator = standardValidators.find((v) => v.subprotocol === first.protocol);
  try {
    validator?.validate(`urn:${action}.req`, payload);
  } catch (error) {
    throw new AppError(422, 'invalid_command', `${action} does not match the ${first.protocol} schema: ${(error as Error).message}`);
  }
  const deadline = performance.now() + (options.timeoutMs ?? getConfig().ocpp.callTimeoutMs);
  const log = getLogger().child({ chargePoint: identity, action });

  return inTurn(identity, async () => {
    const remainingMs = Math.floor(deadline - performance.now());
    if (remainingMs <= 0) {
      log.warn('OCPP command not sent: its time ran out behind earlier commands');
      throw timedOut(action);
    }
    // The charge point may have reconnected (or dropped) while we waited.
    const client = getConnection(identity);
    if (!client || client.protocol !== first.protocol) throw offline();
    try {
      const answer = (await client.call(action, payload, { callTimeoutMs: remainingMs })) as CommandAnswer;
      // Not the answer itself: GetConfiguration and GetVariables can carry secrets.
      log.info('OCPP command answered');
      return answer;
    } catch (error) {
      if (error instanceof TimeoutError) {
        log.warn('OCPP command timed out');
        throw timedOut(action);
      }
      if (error instanceof RPCError) {
        log.warn({ err: error.message, code: error.rpcErrorCode }, 'OCPP command failed');
        throw new AppError(502, 'charge_point_error', `The charge point answered ${action} with ${error.rpcErrorCode}: ${error.message}`);
      }
      if (getConnection(identity) !== client) throw offline('The charge point disconnected before answering');
      throw error;
    }
  });
}
