import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
// Deep imports with .js: the server bundle loads ocpp-rpc (CommonJS) as plain ESM, which sees neither
// extensionless paths nor the index's spread exports.
import { RPCError, TimeoutError } from 'ocpp-rpc/lib/errors.js';
import standardValidators from 'ocpp-rpc/lib/standard-validators.js';
import { getConfig } from '@/server/config';
import { AppError, type ErrorKey, translatedError } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { metrics } from '@/server/observability/metrics';
import { BusTimeoutError, BusUnreachableError, request } from '@/server/cluster/bus';
import { processState, runtime } from '@/server/runtime';
import { getConnection, isOpen } from './registry';
import { presenceOf } from './presence';

export type CommandAnswer = Record<string, unknown>;

/** The bus method by which another instance asks the holder of the socket to send a command. */
export const COMMAND_METHOD = 'ocpp.command';

/**
 * The protocol of the charge point's connection, wherever it is held: this
 * process's socket, else the database's presence; null when it is not connected.
 */
export async function connectedProtocol(identity: string): Promise<string | null> {
  const local = getConnection(identity);
  if (local) return local.protocol ?? null;
  const presence = await presenceOf(identity);
  return presence?.connected ? presence.protocol : null;
}

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

export const offline = (key: ErrorKey = 'errors.commands.offline') => translatedError(409, 'charge_point_offline', key);
const timedOut = (action: string) => translatedError(504, 'charge_point_timeout', 'errors.commands.timedOut', { action });

function validate(protocol: string, action: string, payload: CommandAnswer): void {
  const validator = standardValidators.find((v) => v.subprotocol === protocol);
  try {
    validator?.validate(`urn:${action}.req`, payload);
  } catch (error) {
    throw translatedError(422, 'invalid_command', 'errors.commands.invalid', { action, protocol, reason: (error as Error).message });
  }
}

/**
 * Sends one CSMS-initiated call and returns the charge point's answer, from
 * whichever instance: the socket of this process, else the instance holding
 * it (presence.ts) through the bus, which runs sendLocalCommand there. The
 * answer, a 409 (nobody alive holds it, or the holder no longer does) or a 504
 * (no answer in time, also from a holder that died) all come within the timeout.
 * A charge point being handed over by a restarting instance (closed with 1012,
 * not back yet) is waited for within the same timeout, so a rolling restart
 * fails no command.
 */
export async function sendCommand(identity: string, action: string, payload: CommandAnswer, options: { timeoutMs?: number } = {}): Promise<CommandAnswer> {
  const started = performance.now();
  // `action` is always one of the code's own (the API's come through a zod enum): a bounded label.
  let route: 'local' | 'remote' = 'local';
  let outcome = 'answered';
  try {
    return await sendUntilDeadline(identity, action, payload, started + (options.timeoutMs ?? getConfig().ocpp.callTimeoutMs), (r) => (route = r));
  } catch (error) {
    outcome = error instanceof AppError ? COMMAND_OUTCOMES[error.code] ?? 'error' : 'error';
    throw error;
  } finally {
    const { commands, commandSeconds } = metrics();
    commands.inc({ action, outcome, route });
    commandSeconds.observe({ action, route }, (performance.now() - started) / 1000);
  }
}

const COMMAND_OUTCOMES: Record<string, string> = {
  charge_point_offline: 'offline',
  charge_point_timeout: 'timeout',
  charge_point_error: 'call_error',
  invalid_command: 'invalid',
};

async function sendUntilDeadline(
  identity: string,
  action: string,
  payload: CommandAnswer,
  deadline: number,
  via: (route: 'local' | 'remote') => void,
): Promise<CommandAnswer> {
  for (;;) {
    const remainingMs = Math.floor(deadline - performance.now());
    if (remainingMs <= 0) throw timedOut(action);
    via(getConnection(identity) ? 'local' : 'remote');
    try {
      return await sendOnce(identity, action, payload, remainingMs);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'charge_point_offline')) throw error;
      // Offline for good only once the database agrees. A charge point handed over for a restart comes back
      // elsewhere; one the database says is held (by another instance, or by this one while its socket is being
      // set up or released here) is moments from being reachable or released.
      const presence = await presenceOf(identity);
      if (!presence?.reconnecting && !presence?.connected) throw error;
      await sleep(Math.min(HANDOVER_POLL_MS, Math.max(0, deadline - performance.now())));
    }
  }
}

/** How often a command waiting for a handed-over charge point looks for its new holder. */
const HANDOVER_POLL_MS = 100;

async function sendOnce(identity: string, action: string, payload: CommandAnswer, timeoutMs: number): Promise<CommandAnswer> {
  if (getConnection(identity)) return sendLocalCommand(identity, action, payload, timeoutMs);
  const presence = await presenceOf(identity);
  if (!presence?.connected || !presence.holder || !presence.protocol || presence.holder === runtime().instanceId) throw offline();
  validate(presence.protocol, action, payload);
  // The holder gets a little less time than we wait, so its own 504 (or the answer) arrives before our deadline.
  const transitMs = Math.min(500, Math.floor(timeoutMs / 10));
  try {
    return (await request(presence.holder, COMMAND_METHOD, { identity, action, payload, timeoutMs: timeoutMs - transitMs }, timeoutMs)) as CommandAnswer;
  } catch (error) {
    throw asCommandError(error, action);
  }
}

/** A bus failure as the caller of a command sees it: no answer in time is 504, no shared bus 409. */
export function asCommandError(error: unknown, action: string): unknown {
  if (error instanceof BusTimeoutError) return timedOut(action);
  if (error instanceof BusUnreachableError) return offline();
  return error;
}

/**
 * Sends a call over this process's own socket. Commands to one charge point
 * go out one at a time (OCPP allows one call in flight); the charge point's
 * own calls are answered meanwhile. The timeout covers the wait behind
 * earlier commands too: a command whose time ran out in the queue is never
 * sent, so a late Reset cannot surprise anyone.
 */
export async function sendLocalCommand(identity: string, action: string, payload: CommandAnswer, timeoutMs: number): Promise<CommandAnswer> {
  const first = getConnection(identity);
  if (!first) throw offline();
  validate(first.protocol as string, action, payload);
  const deadline = performance.now() + timeoutMs;
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
        throw translatedError(502, 'charge_point_error', 'errors.commands.answeredError', { action, code: error.rpcErrorCode, reason: error.message });
      }
      // A socket closing (a drain's 1012, a replaced connection) fails its calls before it leaves the registry:
      // that is a disconnection, which a handover waits out, not an internal error.
      if (getConnection(identity) !== client || !isOpen(client)) throw offline('errors.commands.disconnected');
      throw error;
    }
  });
}
