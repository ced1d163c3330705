// The embedded database's own thread. PGlite runs Postgres in WebAssembly and
// never yields while a query runs: on the server's event loop it stalled every
// socket. Here it gets a core of its own; the main thread talks to it through
// `pglite-thread.ts`. Plain JavaScript so Node loads it as is, in every mode.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parse, protocol, types } from '@electric-sql/pglite';
import { openDurable } from './pglite-durable.mjs';

// Drizzle's pglite driver leaves dates, times and intervals as the text
// Postgres sends and maps them itself; the main thread checks it still asks for exactly these.
const keepText = (value) => value;
const TEXT_TYPES = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];
const parsers = Object.fromEntries(TEXT_TYPES.map((oid) => [oid, keepText]));

// Postgres' buffer pool lives in the thread's WebAssembly memory, which never shrinks; 32 MB (of PGlite's
// default 128) holds the hot pages, and the operating system's file cache holds the rest.
const pg = await openDurable(workerData.dir, { parsers, startParams: ['-c', 'shared_buffers=32MB'] });
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

function bindValues(statement, params) {
  return params.map((value, i) => {
    if (value === null || value === undefined) return null;
    const serializer = pg.serializers[statement.paramTypes[i]];
    return serializer ? serializer(value) : value.toString();
  });
}

// Execute sends no row description: the one from preparing stands in (Postgres refuses to run a
// prepared statement whose result columns have changed, with 0A000, so it cannot be stale).
const resultOf = (statement, answer, rowMode) =>
  parse.parseResults(statement.rowDescription ? [statement.rowDescription, ...answer] : answer, pg.parsers, { rowMode })[0];

/** A table changed under a prepared statement (0A000): the next run prepares it afresh. */
async function forget(text, statement) {
  if (prepared.get(text) === statement) prepared.delete(text);
  await send(serialize.close({ type: 'S', name: statement.name })).catch(() => undefined);
}

async function runPrepared(text, params, rowMode) {
  const statement = await statementFor(text);
  const bind = serialize.bind({ statement: statement.name, values: bindValues(statement, params) });
  try {
    return resultOf(statement, await send(bind, serialize.execute({})), rowMode);
  } catch (error) {
    if (error?.code === '0A000') await forget(text, statement);
    throw error;
  }
}

/**
 * Statements outside a transaction that arrive while Postgres is busy wait
 * here and then run together: one call into Postgres for up to MAX_BATCH of
 * them, and one message back to the main thread. Each is still its own
 * transaction (Bind, Execute, Sync), so one that fails leaves the others
 * alone. MAX_BATCH stays well below MAX_PREPARED: preparing a batch's
 * statements never evicts another of the same batch.
 */
const MAX_BATCH = 32;
const waiting = [];
let drained = Promise.resolve();
let draining = false;

function queueQuery(message) {
  waiting.push(message);
  if (draining) return;
  draining = true;
  // A turn of the event loop first, so everything already sent joins the batch.
  drained = new Promise((resolve) => setImmediate(() => drain().finally(resolve)));
}

async function drain() {
  try {
    while (waiting.length) {
      const batch = waiting.splice(0, MAX_BATCH);
      let outcomes;
      try {
        // The two locks PGlite's own `query` takes: no open transaction, no other statement.
        outcomes = await pg._runExclusiveTransaction(() => pg.runExclusive(() => runBatch(batch)));
        await pg.syncToFs();
      } catch (error) {
        outcomes = batch.map(() => ({ error }));
      }
      parentPort.postMessage(batch.map(({ id }, i) => (outcomes[i].error ? { id, error: toMessage(outcomes[i].error) } : { id, result: outcomes[i].result })));
      // Messages sent meanwhile reach `waiting` on this turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    // Whatever went wrong, the next statement starts a drain again rather than waiting for ever.
    draining = false;
  }
}

/**
 * Group commit: with fsync on (pglite-durable.mjs), a batch's statements
 * commit without waiting for the disk, then one last statement switches
 * waiting back on and flushes and syncs the WAL of the whole batch at once
 * (an empty WAL message with flush, Postgres 17+). The answers go back only
 * after that: nothing is reported stored before it is on disk, and a batch
 * of 32 costs one fsync instead of 32.
 */
const COMMIT_WITHOUT_WAITING = "select set_config('synchronous_commit', 'off', false)";
const FLUSH_COMMITS = "select set_config('synchronous_commit', 'on', false), pg_logical_emit_message(false, 'evconduit', '', true)";

async function runBatch(batch) {
  const outcomes = [];
  const runs = [];
  const grouped = batch.length > 1;
  // Prepared before the batch's own statements, so preparing them never evicts one of those.
  const around = grouped ? [await statementFor(COMMIT_WITHOUT_WAITING), await statementFor(FLUSH_COMMITS)] : [];
  for (const [i, { sql: text, params = [] }] of batch.entries()) {
    try {
      const statement = await statementFor(text);
      runs.push({ i, statement, bind: serialize.bind({ statement: statement.name, values: bindValues(statement, params) }) });
    } catch (error) {
      outcomes[i] = { error };
    }
  }
  if (runs.length === 0) return outcomes;
  const execute = serialize.execute({});
  const sync = serialize.sync();
  const [before, after] = around.map((statement) => ({ bind: serialize.bind({ statement: statement.name, values: [] }) }));
  const steps = grouped ? [before, ...runs, after] : runs;
  let answer;
  try {
    answer = await pg.execProtocolStream(Buffer.concat(steps.flatMap((step) => [step.bind, execute, sync])), { syncToFs: false, throwOnError: false });
  } catch (error) {
    if (grouped) await waitForDiskAgain();
    throw error;
  }
  // Each statement's messages end with its ReadyForQuery.
  let from = 0;
  let next = 0;
  answer.forEach((message, at) => {
    if (message.name !== 'readyForQuery') return;
    steps[next++].answer = answer.slice(from, at);
    from = at + 1;
  });
  if (grouped) await checkFlushed(before, after);
  for (const { i, statement, answer: own } of runs) {
    const { sql: text, params = [], rowMode } = batch[i];
    const error = own ? own.find((message) => message.name === 'error') : new Error('The embedded database sent no answer');
    if (!error) outcomes[i] = { result: resultOf(statement, own, rowMode) };
    else if (error.code !== '0A000') outcomes[i] = { error };
    else {
      // Prepared afresh, it runs (inside a transaction the error stands).
      await forget(text, statement);
      outcomes[i] = await runPrepared(text, params, rowMode).then((result) => ({ result }), (error) => ({ error }));
    }
  }
  return outcomes;
}

/** A batch whose commits may not have reached the disk fails as a whole: no answer may promise them stored. */
async function checkFlushed(before, after) {
  for (const step of [before, after]) {
    const failure = step.answer ? step.answer.find((message) => message.name === 'error') : new Error('The embedded database sent no answer');
    if (!failure) continue;
    await waitForDiskAgain();
    throw failure;
  }
}

/** After a batch went wrong: later statements, outside any batch, must wait for the disk again. */
const waitForDiskAgain = () => send(serialize.query('set synchronous_commit to on')).catch(() => undefined);

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

/**
 * A consistent copy of the data folder into `target` (a backup). No
 * transaction is open and no statement runs while the files are copied (the
 * two locks every statement takes here), so the copy holds every commit
 * answered before and none half-way. The checkpoint first writes the changed
 * pages out, so the copy needs little WAL replay when it is opened. A copy of
 * files rather than PGlite's `dumpDataDir`, which builds the whole archive in
 * memory: the archive is packed from the copy afterwards, without any lock.
 */
const snapshot = (target) =>
  pg._runExclusiveTransaction(() =>
    pg.runExclusive(async () => {
      await send(serialize.query('checkpoint'));
      await fs.promises.cp(workerData.dir, target, { recursive: true, errorOnExist: true, force: false });
    }),
  );

parentPort.on('message', (message) => {
  const { id, op } = message;
  switch (op) {
    case 'query':
      if (message.tx === undefined) return queueQuery(message);
      return reply(id, () => {
        target(message.tx); // still open?
        return pg.runExclusive(() => runPrepared(message.sql, message.params ?? [], message.rowMode));
      });
    case 'exec':
      return reply(id, () => target(message.tx).exec(message.sql));
    case 'begin':
      return begin(id);
    case 'end': {
      const open = transactions.get(message.tx);
      if (!open) return parentPort.postMessage({ id, error: toMessage(new Error(`Transaction ${message.tx} is not open`)) });
      return open.end({ commit: message.commit, replyTo: id });
    }
    case 'snapshot':
      return reply(id, () => snapshot(message.target));
    case 'close':
      return reply(id, async () => {
        await drained;
        await pg.close();
      });
    default:
      return parentPort.postMessage({ id, error: toMessage(new Error(`Unknown operation ${op}`)) });
  }
});
parentPort.postMessage({ ready: true });
