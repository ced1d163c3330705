/**
 * What every call a charge point makes goes through before and after its
 * handler: the connection's rate limit, a check for text no database column
 * can hold, and errors that tell the charge point nothing of our internals.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import { RPCError, RPCGenericError, RPCInternalError, RPCPropertyConstraintViolationError } from 'ocpp-rpc/lib/errors.js';
import { getConfig } from '@/server/config';
import { getLogger } from '@/server/observability/logger';
import { bounded, metrics } from '@/server/observability/metrics';
import { captureError } from '@/server/observability/sentry';
import { findUnstorableText } from '@/server/unstorable-text';
import { CallRateLimit } from './call-rate';
import { isOpen } from './registry';

/** Refusals are logged once per window; a connection refused this many times its burst in one window is closed. */
const REFUSAL_WINDOW_MS = 10_000;
const CLOSE_AFTER_BURSTS_REFUSED = 10;

/**
 * Frames of any kind (invalid calls, unknown actions, stray results) are
 * answered by ocpp-rpc before any handler: they are bounded apart, by closing
 * a connection that sends this many times what its rate limit admits in a window.
 */
const FRAME_ALLOWANCE_FACTOR = 10;

interface Flow {
  rate: CallRateLimit;
  refused: number;
  windowStartedAt: number;
  frames: number;
  framesSince: number;
}

const flows = new WeakMap<RPCServerClient, Flow>();

function flowOf(client: RPCServerClient): Flow {
  let flow = flows.get(client);
  if (!flow) {
    const at = performance.now();
    flow = { rate: new CallRateLimit(getConfig().ocpp.rateLimit), refused: 0, windowStartedAt: at, frames: 0, framesSince: at };
    flows.set(client, flow);
  }
  return flow;
}

/**
 * Drops the connection at once (no close handshake to wait for while it keeps
 * sending), after the answers already decided have been handed to the socket.
 */
function closeFlooder(client: RPCServerClient, reason: string): void {
  setImmediate(() => void client.close({ code: 1008, reason, force: true }));
}

function refuse(client: RPCServerClient, flow: Flow, action: string): RPCError {
  const at = performance.now();
  if (at - flow.windowStartedAt >= REFUSAL_WINDOW_MS) Object.assign(flow, { refused: 0, windowStartedAt: at });
  flow.refused++;
  const log = getLogger().child({ component: 'ocpp', identity: client.identity });
  if (flow.refused === 1) log.warn({ action }, 'charge point over its call rate limit: calls refused');
  if (flow.refused === CLOSE_AFTER_BURSTS_REFUSED * getConfig().ocpp.rateLimit.burst) {
    log.warn({ refused: flow.refused }, 'charge point keeps flooding calls; closing the connection');
    closeFlooder(client, 'Too many calls');
  }
  return new RPCGenericError('Rate limited: too many calls, retry later');
}

/** Counts a frame from the charge point; closes a connection that sends far more than its rate limit could ever admit. */
export function noteInboundFrame(client: RPCServerClient): void {
  const flow = flowOf(client);
  const at = performance.now();
  if (at - flow.framesSince >= REFUSAL_WINDOW_MS) Object.assign(flow, { frames: 0, framesSince: at });
  const { burst, perSecond } = getConfig().ocpp.rateLimit;
  if (++flow.frames !== Math.ceil(FRAME_ALLOWANCE_FACTOR * (burst + (perSecond * REFUSAL_WINDOW_MS) / 1000))) return;
  getLogger().child({ component: 'ocpp', identity: client.identity }).warn({ frames: flow.frames }, 'charge point floods frames; closing the connection');
  closeFlooder(client, 'Too many messages');
}

/** Waits for the call's turn under the connection's rate limit; throws the CALLERROR when it gets none. */
async function awaitTurn(client: RPCServerClient, action: string): Promise<void> {
  const flow = flowOf(client);
  const waitMs = flow.rate.take();
  if (waitMs === null) throw refuse(client, flow, action);
  if (waitMs === 0) return;
  await sleep(waitMs);
  if (!isOpen(client)) throw new RPCGenericError('Connection closing');
}

/** Whether any string (value or key) in a parsed message holds text no database column can store. */
export const hasUnstorableText = (payload: unknown): boolean => findUnstorableText(payload) !== undefined;

/** The actions some handler answers (registered in code, so a bounded set): other names are counted as `other`. */
const handledActions = new Set<string>();
export const noteHandledAction = (action: string) => void handledActions.add(action);

/** Errors guardCall has counted already; ocpp-rpc reports them once more as `callError`. */
const counted = new WeakSet<object>();

/**
 * Runs one call of the charge point's under the guard. Errors meant for the
 * charge point (ocpp-rpc's RPC errors) pass; any other becomes InternalError
 * with a reference id, logged with the full error and reported to Sentry.
 * Every call is counted by action and outcome, with its handling time.
 */
export async function guardCall<T>(client: RPCServerClient, action: string, params: unknown, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  let outcome = 'ok';
  try {
    await awaitTurn(client, action);
    if (hasUnstorableText(params)) throw new RPCPropertyConstraintViolationError('Text with NUL or unpaired surrogate characters');
    return await run();
  } catch (error) {
    if (error instanceof RPCError) {
      outcome = 'rejected';
      counted.add(error);
      throw error;
    }
    outcome = 'error';
    const reference = randomUUID();
    getLogger().error({ err: error, reference, identity: client.identity, action }, 'OCPP call failed');
    captureError(error, { component: 'ocpp', action, identity: String(client.identity), reference });
    const answer = new RPCInternalError(`Internal error (reference ${reference})`);
    counted.add(answer);
    throw answer;
  } finally {
    const label = bounded(action, handledActions);
    const { ocppMessages, ocppMessageSeconds } = metrics();
    ocppMessages.inc({ action: label, outcome });
    ocppMessageSeconds.observe({ action: label }, (performance.now() - started) / 1000);
  }
}

/**
 * ocpp-rpc's `callError` for a call of the charge point's that no handler ran
 * (an unknown action: NotImplemented; a message failing the schema): counted
 * as rejected and logged, as nothing else would tell of it. Failed commands
 * (outbound) are counted and logged by commands.ts.
 */
export function noteCallError(client: RPCServerClient, event: { outbound: boolean; method?: string; error?: unknown }): void {
  if (event.outbound || (typeof event.error === 'object' && event.error !== null && counted.has(event.error))) return;
  const action = bounded(event.method, handledActions);
  metrics().ocppMessages.inc({ action, outcome: 'rejected' });
  const error = event.error as { rpcErrorCode?: string; message?: string } | undefined;
  getLogger()
    .child({ component: 'ocpp', identity: client.identity })
    .warn({ action, code: error?.rpcErrorCode, err: error?.message }, 'OCPP call refused before any handler');
}
