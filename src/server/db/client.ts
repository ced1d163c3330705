import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { AppConfig } from '@/server/config';
import { acquireLock } from './lock';
import * as schema from './schema';
import { sampleAtScrape } from '@/server/observability/metrics';
import { processState } from '@/server/runtime';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: inside a transaction use only this, never the outer db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs SQL text that may hold several statements (migrations). */
  execScript(text: string): Promise<void>;
  /**
   * PostgreSQL only: LISTEN on a dedicated session connection of its own
   * (never through the pool, and so never through a transaction-mode pooler),
   * re-listening after a reconnect; `onListen` runs each time it listens.
   */
  listen?(channel: string, onMessage: (payload: string) => void, onListen?: () => void): Promise<{ unlisten(): Promise<void> }>;
  /** PostgreSQL only: NOTIFY outside any transaction (inside one it would serialise every notifying commit). */
  notify?(channel: string, payload: string): Promise<void>;
  /**
   * PostgreSQL only: one connection of its own until `release()`, for session
   * state that must stay on one connection (advisory locks held across
   * network calls). Taken from a second pool beside the query pool, as large
   * as it: a holder never takes a connection its work needs, and more holders
   * than that wait for one. A statement is SQL text with `$1`… parameters.
   */
  reserve?(): Promise<ReservedSession>;
  /** PGlite only: a consistent copy of the data folder into the new folder `target` (backups). */
  snapshot?(target: string): Promise<void>;
  close(): Promise<void>;
}

export interface ReservedSession {
  query(text: string, params: unknown[]): Promise<unknown[]>;
  release(): void;
}

interface DbState {
  handle?: DatabaseHandle;
  opening?: Promise<DatabaseHandle>;
}

// server.ts and Next's bundles load separate copies of this module: share one handle.
const state: DbState = processState<DbState>('db', () => ({}));

async function openPglite(dir: string): Promise<DatabaseHandle> {
  fs.mkdirSync(dir, { recursive: true });
  const release = acquireLock(path.join(path.dirname(dir), 'pglite.lock'));
  try {
    const { PgliteThread } = await import('./pglite-thread');
    const { drizzle } = await import('drizzle-orm/pglite');
    const client = await PgliteThread.open(dir);
    sampleAtScrape('db_pending_queries', () => client.pendingCount);
    return {
      kind: 'pglite',
      db: drizzle({ client: client as never, schema }) as unknown as Db,
      execScript: async (text) => {
        await client.exec(text);
      },
      snapshot: (target) => client.snapshot(target),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(url: string, poolMax: number): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: poolMax, onnotice: () => {}, connection: { application_name: 'evconduit' } });
  const sessions = postgres(url, { max: poolMax, onnotice: () => {}, connection: { application_name: 'evconduit-locks' } });
  return {
    kind: 'postgres',
    db: drizzle({ client, schema }) as unknown as Db,
    execScript: async (text) => {
      await client.unsafe(text).simple();
    },
    listen: async (channel, onMessage, onListen) => {
      const { unlisten } = await client.listen(channel, onMessage, onListen);
      return { unlisten };
    },
    notify: async (channel, payload) => {
      await client.notify(channel, payload);
    },
    reserve: async () => {
      const reserved = await sessions.reserve();
      return {
        query: async (text, params) => [...(await reserved.unsafe(text, params as never[]))],
        release: () => reserved.release(),
      };
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), sessions.end({ timeout: 5 })]);
    },
  };
}

/** Opens the configured database once per process; later calls return the same handle. */
export function openDatabase(config: AppConfig): Promise<DatabaseHandle> {
  if (state.handle) return Promise.resolve(state.handle);
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    throw new Error('The database must not be opened during `next build`: make the page dynamic.');
  }
  state.opening ??= (
    config.database.kind === 'pglite'
      ? openPglite(config.database.dir)
      : openPostgres(config.database.url, config.database.poolMax)
  ).then(
    (handle) => {
      state.handle = handle;
      state.opening = undefined;
      return handle;
    },
    (error: unknown) => {
      state.opening = undefined;
      throw error;
    },
  );
  return state.opening;
}

/** The open database handle, opening it lazily if this process has not yet. */
export async function getDatabase(): Promise<DatabaseHandle> {
  if (state.handle) return state.handle;
  const { getConfig } = await import('@/server/config');
  return openDatabase(getConfig());
}

/** The one way application code reaches the database. */
export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const handle = state.handle ?? (await state.opening?.catch(() => undefined));
  state.handle = undefined;
  state.opening = undefined;
  await handle?.close();
}

export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** drizzle's `execute` returns `{ rows }` on PGlite and an array on postgres-js. */
export function resultRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}
