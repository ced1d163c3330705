import { getDatabase } from '@/server/db/client';
import { processState } from '@/server/runtime';

/**
 * Runs `fn` while holding the cluster-wide lock `key`: one holder at a time
 * across every instance sharing the database, others wait their turn.
 *
 * PostgreSQL: a session advisory lock on a connection reserved for the
 * holder (a session lock outlives no connection, so a crashed holder
 * releases it), from a pool of its own (client.ts `reserve`), so holders
 * never take the connections `fn` needs. No transaction stays open, so `fn`
 * may make network calls (commands to charge points) while holding it.
 * PGlite: one process, so an in-process queue; a transaction held across
 * network calls would block the whole embedded database.
 */
export async function withClusterLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const database = await getDatabase();
  if (!database.reserve) return withLocalLock(key, fn);
  const session = await database.reserve();
  try {
    // hashtextextended: a 64-bit key from the text; a collision only serialises two unrelated keys.
    await session.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await session.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    session.release();
  }
}

/** Per key, the tail of its queue: each holder waits for the one before it. */
const tails = processState<Map<string, Promise<unknown>>>('clusterLocks', () => new Map());

async function withLocalLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key) ?? Promise.resolve();
  const run = before.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
