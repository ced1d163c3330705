// The embedded database's own thread. PGlite runs Postgres in WebAssembly and
// never yields while a query runs: on the server's event loop it stalled every
// socket. Here it gets a core of its own; the main thread talks to it through
// `pglite-thread.ts`. Plain JavaScript so Node loads it as is, in every mode.
import { parentPort, workerData } from 'node:worker_threads';
import { parse, PGlite, protocol, types } from '@electric-sql/pglite';

// Drizzle's pglite driver leaves dates, times and intervals as the text
// Postgres sends and maps them itself; the main thread checks it still asks for exactly these.
const keepText = (value) => value;
const TEXT_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const parsers = Object.fromEntries(TEXT_TYPES.map((oid) => [oid, keepText]));

// Postgres' buffer pool lives in the thread's WebAssembly memory, which never shrinks; 32 MB (of PGlite's
// default 128) holds the hot pages, and the operating system's file cache holds the rest.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];
const pg = await PGlite.create(workerData.dir, { parsers, startParams });
// PGlite derives array parsers from element parsers at start-up; Drizzle wants these arrays as text too.
for (const oid of TEXT_TYPES) pg.parsers[oid] = keepText;

/**
 * Statements are prepared once under a name and kept (least recently used
 * first out): a later run is one call into Postgres (bind, execute, sync)
 * instead of PGlite's six, and skips parsing and analysis.
 */
const MAX_PREPARED = 200;
const prepared = new Map();
let nextStatement = 1;
const { serialize } = protocol;

const send = (...messages) => pg.execProtocolStream(Buffer.concat([...messages, serialize.sync()]), { syncToFs: false });

async function statementFor(text) {
  const known = prepared.get(text);
  if (known) {
    prepared.delete(text);
    prepared.set(text, known);
    return known;
  }
  if (prepared.size >= MAX_PREPARED) {
    const [oldestText, oldest] = prepared.entries().next().value;
    prepared.delete(oldestText);
    await send(serialize.close({ type: 'S', name: oldest.name })).catch(() => undefined);
  }
  const name = `evc_${nextStatement++}`;
  const answer = await send(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }));
  const statement = {
    name,
    paramTypes: answer.find((m) => m.name === 'parameterDescription')?.dataTypeIDs ?? [],
    rowDescription: answer.find((m) => m.name === 'rowDescription'),
  };
  prepared.set(text, statement);
  return statement;
}

async function runPrepared(text, params, rowMode) {
  const statement = await statementFor(text);
  const values = params.map((value, i) => {
    if (value === null || value === undefined) return null;
    const serializer = pg.serializers[statement.paramTypes[i]];
    return serializer ? serializer(value) : value.toString();
  });
  try {
    const answer = await send(serialize.bind({ statement: statement.name, values }), serialize.execute({}));
    // Execute sends no row description: the one from preparing stands in (Postgres refuses to run a
    // prepared statement whose result columns have changed, with 0A000, so it cannot be stale).
    return parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...answer] : answer, pg.parsers, { rowMode })[0];
  } catch (error) {
    if (error?.code === '0A000') {
      prepared.delete(text);
      await send(serialize.close({ type: 'S', name: statement.name })).catch(() => undefined);
    }
    throw error;
  }
}

/** Like PGlite's `query`, inside or outside a transaction, through a prepared statement. */
async function query({ sql: text, params = [], rowMode, tx }) {
  if (tx !== undefined) {
    target(tx); // still open?
    return pg.runExclusive(() => runPrepared(text, params, rowMode));
  }
  // The two locks PGlite's own `query` takes: no open transaction, no other statement.
  return pg._runExclusiveTransaction(async () => {
    const run = () => pg.runExclusive(() => runPrepared(text, params, rowMode));
    // A table changed under a prepared statement: prepared afresh, it runs (inside a transaction the error stands).
    const result = await run().catch((error) => (error?.code === '0A000' ? run() : Promise.reject(error)));
    await pg.syncToFs();
    return result;
  });
}

/** Open transactions by id: each waits in PGlite's transaction callback until the main thread ends it. */
const transactions = new Map();
let nextTransactionId = 1;

const toMessage = (error) => {
  const fields = {};
  for (const [key, value] of Object.entries(error ?? {})) {
    if (value === undefined || typeof value === 'function' || typeof value === 'object') continue;
    fields[key] = value;
  }
  return { message: error?.message ?? String(error), name: error?.name ?? 'Error', fields };
};

const reply = (id, run) =>
  Promise.resolve()
    .then(run)
    .then(
      (result) => parentPort.postMessage({ id, result }),
      (error) => parentPort.postMessage({ id, error: toMessage(error) }),
    );

const ROLLBACK = Symbol('rollback');

function begin(id) {
  const transactionId = nextTransactionId++;
  let end;
  const ended = new Promise((resolve) => (end = resolve));
  pg.transaction(async (tx) => {
    transactions.set(transactionId, { tx, end });
    parentPort.postMessage({ id, result: transactionId });
    const { commit, replyTo } = await ended;
    transactions.get(transactionId).replyTo = replyTo;
    if (!commit) throw ROLLBACK;
  }).then(
    () => parentPort.postMessage({ id: transactions.get(transactionId).replyTo, result: null }),
    (error) => {
      const open = transactions.get(transactionId);
      if (!open) parentPort.postMessage({ id, error: toMessage(error) });
      else parentPort.postMessage({ id: open.replyTo, ...(error === ROLLBACK ? { result: null } : { error: toMessage(error) }) });
    },
  ).finally(() => transactions.delete(transactionId));
}

function target(transactionId) {
  if (transactionId === undefined) return pg;
  const open = transactions.get(transactionId);
  if (!open) throw new Error(`Transaction ${transactionId} is not open`);
  return open.tx;
}

parentPort.on('message', (message) => {
  const { id, op } = message;
  switch (op) {
    case 'query':
      return reply(id, () => query(message));
    case 'exec':
      return reply(id, () => target(message.tx).exec(message.sql));
    case 'begin':
      return begin(id);
    case 'end': {
      const open = transactions.get(message.tx);
      if (!open) return parentPort.postMessage({ id, error: toMessage(new Error(`Transaction ${message.tx} is not open`)) });
      return open.end({ commit: message.commit, replyTo: id });
    }
    case 'close':
      return reply(id, () => pg.close());
    default:
      return parentPort.postMessage({ id, error: toMessage(new Error(`Unknown operation ${op}`)) });
  }
});
parentPort.postMessage({ ready: true });
