import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { metrics } from '@/server/observability/metrics';

/**
 * PGlite in its own thread (`pglite-worker.mjs`), behind the slice of PGlite's
 * client interface Drizzle's pglite driver calls: `query`, `exec` and
 * `transaction`. Postgres then runs on another core instead of stalling the
 * event loop that serves every charge point and page.
 */

// Read at run time from the project folder, never bundled (as the migrations are).
const WORKER_FILE = path.join(/*turbopackIgnore: true*/ process.cwd(), 'src', 'server', 'db', 'pglite-worker.mjs');

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, unknown>;
}

interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: { message: string; name: string; fields: Record<string, unknown> };
}

interface Session {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult>;
  exec(sql: string): Promise<QueryResult[]>;
}

// The text types Drizzle asks PGlite to leave unparsed; the worker has the same list built in.
const DRIZZLE_TEXT_TYPES = '1082,1114,1115,1182,1184,1185,1186,1187,1231';
const checkedParsers = new WeakSet<object>();

function checkParsers(parsers: QueryOptions['parsers']): void {
  if (!parsers || checkedParsers.has(parsers)) return;
  const asked = Object.keys(parsers).sort().join(',');
  if (asked !== DRIZZLE_TEXT_TYPES) {
    throw new Error(`The PGlite thread parses types ${DRIZZLE_TEXT_TYPES} as text, but the query asks for ${asked}`);
  }
  checkedParsers.add(parsers);
}

export class PgliteThread implements Session {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 1;
  private stopped?: Error;

  private constructor(private readonly worker: Worker) {
    // Statements the thread ran together come back in one message.
    worker.on('message', (reply: Reply | Reply[]) => (Array.isArray(reply) ? reply.forEach((one) => this.settle(one)) : this.settle(reply)));
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new Error(`The embedded database thread exited (code ${code})`)));
    worker.unref();
  }

  /** Starts the thread and waits until the database in `dir` is open. */
  static async open(dir: string): Promise<PgliteThread> {
    // Creating a database leaves some 400 MiB of initdb garbage in the thread that
    // an idle thread never collects: create it in a throwaway thread first.
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await (await PgliteThread.start(dir)).close();
    return PgliteThread.start(dir);
  }

  private static async start(dir: string): Promise<PgliteThread> {
    const worker = new Worker(WORKER_FILE, { workerData: { dir } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        worker.off('error', reject).off('exit', onExit).off('message', onMessage);
        resolve();
      };
      const onExit = (code: number) => reject(new Error(`The embedded database thread exited during start-up (code ${code})`));
      worker.on('message', onMessage).once('error', reject).once('exit', onExit);
    });
    return new PgliteThread(worker);
  }

  /** Statements handed to the thread and not yet answered (the metrics' queue depth). */
  get pendingCount(): number {
    return this.pending.size;
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    // A waiting query keeps the process alive, an idle thread does not.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.worker.postMessage({ ...message, id });
      } catch (error) {
        this.settle({ id, error: { message: (error as Error).message, name: 'DataCloneError', fields: {} } });
      }
    });
  }

  private settle({ id, result, error }: Reply): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    if (error) waiting.reject(Object.assign(new Error(error.message), { name: error.name }, error.fields));
    else waiting.resolve(result);
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.stopped);
    this.pending.clear();
  }

  async query(sql: string, params: unknown[] = [], options: QueryOptions = {}, tx?: number): Promise<QueryResult> {
    checkParsers(options.parsers);
    const started = performance.now();
    try {
      return await this.call({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object', tx });
    } finally {
      metrics().dbQuerySeconds.observe((performance.now() - started) / 1000);
    }
  }

  exec(sql: string, tx?: number): Promise<QueryResult[]> {
    return this.call({ op: 'exec', sql, tx });
  }

  /** Like PGlite's: commits when `callback` resolves, rolls back when it throws. */
  async transaction<T>(callback: (tx: Session) => Promise<T>): Promise<T> {
    const id = await this.call<number>({ op: 'begin' });
    const tx: Session = {
      query: (sql, params, options) => this.query(sql, params, options, id),
      exec: (sql) => this.exec(sql, id),
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      await this.call({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      throw error;
    }
    await this.call({ op: 'end', tx: id, commit: true });
    return result;
  }

  /** Copies the data folder, consistently, into the new folder `target` (see `snapshot` in the worker). */
  async snapshot(target: string): Promise<void> {
    await this.call({ op: 'snapshot', target });
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    await this.call({ op: 'close' });
    this.stop(new Error('The embedded database is closed'));
    await this.worker.terminate();
  }
}
