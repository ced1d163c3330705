/**
 * Short-lived per-process caches of rows that belong to one user (API key →
 * user, vehicles), so that a Home Assistant poll costs no database round trip.
 *
 * A committed write to such a row emits a domain event (`key.revoked`,
 * `user.changed`, `vehicle.saved`, `vehicle.deleted`) whose subscriber, on
 * every instance, calls `forgetUserRows(userId)`; a read that was already
 * under way then is not cached (the tick check below), so this process never
 * serves a row older than its own last write, and the others drop theirs as
 * soon as the bus delivers the event. The time to live only bounds how long
 * an instance that missed a broadcast (bus reconnecting) serves a stale row.
 */
import { LRUCache } from 'lru-cache';
import { processState } from '@/server/runtime';

export const USER_ROWS_TTL_MS = 2_000;

interface Entry<V> {
  userId: string;
  /** The tick when the read that produced this entry started. */
  readTick: number;
  value: V;
}

interface State {
  tick: number;
  forgottenAt: Map<string, number>;
  caches: Map<string, LRUCache<string, Entry<unknown>>>;
}

const state: State = processState<State>('userRows', () => ({
  tick: 0,
  forgottenAt: new Map(),
  caches: new Map(),
}));

/** Drops every cached row of the user, in every cache of this process. */
export function forgetUserRows(userId: string): void {
  state.forgottenAt.set(userId, ++state.tick);
}

export interface UserRowCache<V> {
  /** The cached value for `key`, else `load()`'s, cached when it names its owner. */
  get(key: string, load: () => Promise<{ userId: string; value: V } | undefined>): Promise<V | undefined>;
}

export function userRowCache<V>(name: string, max = 10_000): UserRowCache<V> {
  let lru = state.caches.get(name) as LRUCache<string, Entry<V>> | undefined;
  if (!lru) {
    lru = new LRUCache<string, Entry<V>>({ max, ttl: USER_ROWS_TTL_MS });
    state.caches.set(name, lru as LRUCache<string, Entry<unknown>>);
  }
  const cache = lru;
  return {
    async get(key, load) {
      const hit = cache.get(key);
      if (hit && (state.forgottenAt.get(hit.userId) ?? 0) <= hit.readTick) return hit.value;
      const readTick = state.tick;
      const loaded = await load();
      if (!loaded) {
        cache.delete(key);
        return undefined;
      }
      if ((state.forgottenAt.get(loaded.userId) ?? 0) <= readTick) {
        cache.set(key, { userId: loaded.userId, readTick, value: loaded.value });
      }
      return loaded.value;
    },
  };
}
