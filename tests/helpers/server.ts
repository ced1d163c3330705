/**
 * Runs the real, built server (`<NEXT_DIST_DIR>/evconduit-server.mjs`) as a
 * child process on a free port, with its own data folder and, when
 * TEST_DB=postgres, its own fresh PostgreSQL database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from './postgres';
import { SERVER_ENV, serverArgs } from '../../scripts/server-process.mjs';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TEST_DIST_DIR = process.env.NEXT_DIST_DIR || '.next-test';
export const usingPostgres = process.env.TEST_DB === 'postgres';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** One pino log line. */
export interface LogEntry {
  msg?: string;
  level?: number;
  // Log fields vary by message; tests read the few they expect.
  [field: string]: any;
}

export interface StartOptions {
  /** Extra or overriding environment (e.g. a bad setting). */
  env?: Record<string, string>;
  /** Reuse the data folder and database of an earlier server (restart and lock tests). */
  dataFrom?: TestServer;
}

export interface StopOptions {
  /** Leave the data folder and database for a later server (`dataFrom`). */
  keepData?: boolean;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  database?: TestDatabase;
  pid: number;
  /** Every output line so far (stdout and stderr). */
  logs(): string[];
  /** The JSON log lines so far. */
  entries(): LogEntry[];
  /** Resolves with the first log entry (past or future) that matches. */
  waitForLog(match: (entry: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  /** Sends `signal` (default SIGTERM), waits for the exit and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, options?: StopOptions): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(options?: StopOptions): Promise<number | null>;
}

/** The process ended before it was listening. */
export class ServerExitedError extends Error {
  constructor(
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`Server exited before listening (code ${exitCode}, signal ${signal})\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
    this.name = 'ServerExitedError';
  }
}

const running = new Set<ChildProcess>();
// A test that times out must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function parseLogLine(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return undefined;
  }
}

async function removeData(dataDir: string, database: TestDatabase | undefined) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await database?.drop();
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const bundle = path.join(PROJECT_ROOT, TEST_DIST_DIR, 'evconduit-server.mjs');
  if (!fs.existsSync(bundle)) {
    throw new Error(`No server build at ${bundle}: run \`NEXT_DIST_DIR=${TEST_DIST_DIR} npm run build\` (or npm test).`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const reused = options.dataFrom;
  const dataDir = reused?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'evc-test-'));
  const wantsDatabase = usingPostgres && options.env?.DATABASE_URL === undefined;
  let database = reused?.database;
  if (wantsDatabase && !database) {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
    database = await createTestDatabase(serverUrl);
  }
  const ownsData = !reused;

  // Only what the server needs: a developer's own settings must not leak in.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: TEST_DIST_DIR,
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // No built-in Enode simulator unless a test asks for one (its own, through ENODE_* settings, or `on`).
    ENODE_SIMULATOR: 'off',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  };
  // E.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under a benchmark.
  const nodeArgs = process.env.TEST_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, serverArgs(bundle, nodeArgs), {
    cwd: PROJECT_ROOT,
    env: { ...env, ...SERVER_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));

  const lines: string[] = [];
  const entries: LogEntry[] = [];
  const stdout: string[] = [];
  const stderr: string[] = [];
  const events = new EventEmitter();
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        into.push(line);
        const entry = parseLogLine(line);
        if (entry) {
          entries.push(entry);
          events.emit('entry', entry);
        }
      }
    });
    stream.on('end', () => {
      if (partial) {
        lines.push(partial);
        into.push(partial);
      }
    });
  };
  collect(child.stdout!, stdout);
  collect(child.stderr!, stderr);
  // 'close' comes after the exit and after the last output line.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );

  const waitForLog = (match: (entry: LogEntry) => boolean, timeoutMs = 5000) =>
    new Promise<LogEntry>((resolve, reject) => {
      const found = entries.find(match);
      if (found) return resolve(found);
      const onEntry = (entry: LogEntry) => {
        if (!match(entry)) return;
        clearTimeout(timer);
        events.off('entry', onEntry);
        resolve(entry);
      };
      const timer = setTimeout(() => {
        events.off('entry', onEntry);
        reject(new Error(`No matching log line within ${timeoutMs} ms. Output:\n${lines.join('\n')}`));
      }, timeoutMs);
      timer.unref(); // a server that exited early leaves this waiting; it must not hold the worker
      events.on('entry', onEntry);
    });

  try {
    await Promise.race([
      waitForLog((entry) => entry.msg === 'listening', START_TIMEOUT_MS),
      exited.then(({ code, signal }) => {
        throw new ServerExitedError(code, signal, stdout.join('\n'), stderr.join('\n'));
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    if (ownsData) await removeData(dataDir, database);
    throw error;
  }

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopOptions: StopOptions = {}) => {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const { code } = await exited;
    clearTimeout(timer);
    if (!stopOptions.keepData) await removeData(dataDir, database);
    return code;
  };

  return {
    url,
    port,
    dataDir,
    databaseUrl: database?.url,
    database,
    pid: child.pid!,
    logs: () => [...lines],
    entries: () => [...entries],
    waitForLog,
    stop,
    kill: (stopOptions) => stop('SIGKILL', stopOptions),
  };
}
