import { createHash, randomUUID } from 'node:crypto';
import { eq, lt, sql } from 'drizzle-orm';
import { getDatabase, type DatabaseHandle } from '@/server/db/client';
import { busPayloads } from '@/server/db/schema';
import { AppError, type Translatable } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { captureError } from '@/server/observability/sentry';
import { processState, runtime } from '@/server/runtime';

/**
 * The bus between the instances sharing one database: broadcasts (domain
 * events, cache invalidation) and request/answer calls addressed to one
 * instance (a command for the charge point whose socket it holds).
 *
 * With PostgreSQL it is LISTEN/NOTIFY: every instance listens on a dedicated
 * session connection to a broadcast channel and to a channel of its own, and
 * notifies outside any transaction. With PGlite there is one process and the
 * bus is in-process; the code path above the transport is the same.
 *
 * NOTIFY delivers only to sessions listening at that moment and promises no
 * order between notifications sent from different pool connections: a
 * broadcast may be missed while an instance reconnects (subscribers must
 * tolerate that: caches also expire), and a request then times out.
 */

type Json = unknown;

export type BroadcastHandler = (data: Json, from: string) => void | Promise<void>;
export type RequestHandler = (data: Json, from: string) => Promise<Json>;

/** What crosses the wire. Short keys: a NOTIFY payload holds at most 8000 bytes. */
interface Envelope {
  /** broadcast, request, reply */
  k: 'b' | 'q' | 'r';
  /** sender instance */
  f: string;
  /** topic (broadcast) or method (request) */
  t?: string;
  /** request id (request, reply) */
  i?: string;
  d?: Json;
  /** the body is in `bus_payloads` under this id */
  ref?: string;
  /** a failed request: the error the caller gets */
  e?: { status: number; code: string; detail: string; extra?: Record<string, unknown>; translatable?: Translatable };
}

interface Pending {
  resolve(data: Json): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

interface BusState {
  subscribers: Map<string, Set<BroadcastHandler>>;
  handlers: Map<string, RequestHandler>;
  pending: Map<string, Pending>;
  /** The PostgreSQL transport, once started; absent with PGlite and before start. */
  wire?: { database: DatabaseHandle; stop(): Promise<void> };
  lastSweepAt: number;
}

const state = processState<BusState>('bus', () => ({
  subscribers: new Map(),
  handlers: new Map(),
  pending: new Map(),
  lastSweepAt: 0,
}));

export const BROADCAST_CHANNEL = 'evconduit_bus';
/** NOTIFY's limit is 8000 bytes; larger bodies go by reference. */
const MAX_INLINE_BYTES = 7500;
/** A by-reference body is kept this long, so every instance of a broadcast can read it. */
const PAYLOAD_TTL_MS = 5 * 60_000;

/** An instance's own channel: a valid identifier whatever the instance id looks like. */
export const instanceChannel = (instanceId: string) => `evconduit_i_${createHash('sha256').update(instanceId).digest('hex').slice(0, 32)}`;

/** The request got no answer in time: the addressed instance is gone, busy or unreachable. */
export class BusTimeoutError extends Error {
  constructor(readonly method: string, readonly to: string) {
    super(`No answer to ${method} from instance ${to} in time`);
    this.name = 'BusTimeoutError';
  }
}

/** The addressed instance cannot be reached at all (no shared database). */
export class BusUnreachableError extends Error {
  constructor(readonly to: string) {
    super(`Instance ${to} cannot be reached: this process shares no database bus`);
    this.name = 'BusUnreachableError';
  }
}

const log = () => getLogger().child({ component: 'bus' });

/** Starts the transport (PostgreSQL: LISTEN). Before this, broadcasts reach this process only. */
export async function startBus(): Promise<void> {
  if (state.wire) return;
  const database = await getDatabase();
  if (!database.listen || !database.notify) return;
  const { instanceId } = runtime();
  const onMessage = (payload: string) => void receive(payload);
  const listeners = await Promise.all([
    database.listen(BROADCAST_CHANNEL, onMessage),
    database.listen(instanceChannel(instanceId), onMessage, () => log().debug('listening')),
  ]);
  state.wire = {
    database,
    stop: async () => {
      await Promise.all(listeners.map((l) => l.unlisten().catch(() => undefined)));
    },
  };
}

/**
 * Stops listening once the requests this instance is waiting on have their
 * answers (each ends by its own deadline at the latest): a command forwarded
 * to another instance during a rolling restart still gets its answer.
 */
export async function stopBus(): Promise<void> {
  while (state.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const wire = state.wire;
  state.wire = undefined;
  await wire?.stop();
}

/** Whether requests can reach other instances (PostgreSQL, started). */
export const busConnected = () => state.wire !== undefined;

export function subscribe(topic: string, handler: BroadcastHandler): () => void {
  let set = state.subscribers.get(topic);
  if (!set) state.subscribers.set(topic, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}

/** Registers this process's answer to `method` requests (one handler per method). */
export function handle(method: string, handler: RequestHandler): void {
  state.handlers.set(method, handler);
}

/**
 * Delivers `data` to the subscribers of `topic` in this process (after the
 * current turn, never inside the caller) and in every other instance.
 * Call it after the write it reports has committed.
 */
export async function publish(topic: string, data: Json): Promise<void> {
  const { instanceId } = runtime();
  setImmediate(() => deliver(topic, data, instanceId));
  if (state.wire) await send(BROADCAST_CHANNEL, { k: 'b', f: instanceId, t: topic, d: data });
}

/**
 * Calls `method` on instance `to` and resolves with its answer. An
 * `AppError` thrown by the handler is thrown here as the same `AppError`;
 * no answer within `timeoutMs` is a `BusTimeoutError`.
 */
export async function request(to: string, method: string, data: Json, timeoutMs: number): Promise<Json> {
  const { instanceId } = runtime();
  if (to === instanceId) return runHandler(method, data, instanceId);
  if (!state.wire) throw new BusUnreachableError(to);
  const id = randomUUID();
  const answer = new Promise<Json>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.pending.delete(id);
      reject(new BusTimeoutError(method, to));
    }, timeoutMs);
    state.pending.set(id, { resolve, reject, timer });
  });
  try {
    await send(instanceChannel(to), { k: 'q', f: instanceId, t: method, i: id, d: data });
  } catch (error) {
    const pending = state.pending.get(id);
    if (pending) {
      clearTimeout(pending.timer);
      state.pending.delete(id);
    }
    throw error;
  }
  return answer;
}

async function runHandler(method: string, data: Json, from: string): Promise<Json> {
  const handler = state.handlers.get(method);
  if (!handler) throw new AppError(501, 'bus_method_unknown', `This instance does not answer ${method}`);
  return handler(data, from);
}

function deliver(topic: string, data: Json, from: string): void {
  const failed = (err: unknown) => {
    log().error({ err, topic }, 'bus subscriber failed');
    captureError(err, { component: 'bus', topic });
  };
  for (const handler of state.subscribers.get(topic) ?? []) {
    try {
      const result = handler(data, from);
      if (result instanceof Promise) result.catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}

async function send(channel: string, envelope: Envelope): Promise<void> {
  const wire = state.wire;
  if (!wire) return;
  let text = JSON.stringify(envelope);
  if (Buffer.byteLength(text) > MAX_INLINE_BYTES) {
    const [row] = await wire.database.db.insert(busPayloads).values({ body: envelope.d ?? null }).returning({ id: busPayloads.id });
    text = JSON.stringify({ ...envelope, d: undefined, ref: row.id });
    void sweepPayloads(wire.database);
  }
  await wire.database.notify!(channel, text);
}

/** Deletes by-reference bodies past their time, at most once a minute per process. */
async function sweepPayloads(database: DatabaseHandle): Promise<void> {
  const at = Date.now();
  if (at - state.lastSweepAt < 60_000) return;
  state.lastSweepAt = at;
  await database.db
    .delete(busPayloads)
    .where(lt(busPayloads.createdAt, sql`now() - make_interval(secs => ${PAYLOAD_TTL_MS / 1000})`))
    .catch((err: unknown) => log().warn({ err }, 'sweeping bus payloads failed'));
}

async function receive(payload: string): Promise<void> {
  const wire = state.wire;
  const { instanceId } = runtime();
  let envelope: Envelope;
  try {
    envelope = JSON.parse(payload) as Envelope;
    if (envelope.ref && wire) {
      const [row] = await wire.database.db.select({ body: busPayloads.body }).from(busPayloads).where(eq(busPayloads.id, envelope.ref));
      if (!row) throw new Error(`bus payload ${envelope.ref} is gone`);
      envelope.d = row.body;
    }
  } catch (err) {
    log().warn({ err }, 'unreadable bus message dropped');
    return;
  }
  if (envelope.k === 'b') {
    // Our own broadcasts were delivered in process when published.
    if (envelope.f !== instanceId && envelope.t) deliver(envelope.t, envelope.d, envelope.f);
    return;
  }
  if (envelope.k === 'r' && envelope.i) {
    const pending = state.pending.get(envelope.i);
    if (!pending) return; // timed out already
    clearTimeout(pending.timer);
    state.pending.delete(envelope.i);
    if (envelope.e) pending.reject(Object.assign(new AppError(envelope.e.status, envelope.e.code, envelope.e.detail, envelope.e.extra ?? {}), { translatable: envelope.e.translatable }));
    else pending.resolve(envelope.d);
    return;
  }
  if (envelope.k === 'q' && envelope.i && envelope.t) {
    const reply: Envelope = { k: 'r', f: instanceId, i: envelope.i };
    try {
      reply.d = await runHandler(envelope.t, envelope.d, envelope.f);
    } catch (error) {
      if (error instanceof AppError) {
        // The catalogue key goes along, so the caller's instance answers in the caller's language.
        reply.e = { status: error.status, code: error.code, detail: error.detail, extra: error.extra, translatable: error.translatable };
      } else {
        const reference = randomUUID();
        log().error({ err: error, method: envelope.t, reference }, 'bus request failed');
        captureError(error, { component: 'bus', method: envelope.t, reference });
        reply.e = { status: 500, code: 'internal_error', detail: `The instance holding it failed (reference ${reference})` };
      }
    }
    await send(instanceChannel(envelope.f), reply).catch((err: unknown) => log().warn({ err }, 'bus reply not sent'));
  }
}
