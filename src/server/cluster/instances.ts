import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { now } from '@/server/clock';
import { getDb } from '@/server/db/client';
import { clusterInstances } from '@/server/db/schema';
import { getLogger } from '@/server/observability/logger';
import { processState, runtime } from '@/server/runtime';

/**
 * Instance presence: each server process has a `cluster_instances` row whose
 * lease it renews every RENEW_MS. A lease that lapsed means the process died
 * (kill -9, a lost box): whatever it held (charge point sockets) counts as
 * gone once LEASE_MS has passed without a renewal.
 */
export const LEASE_MS = 15_000;
const RENEW_MS = 5_000;

const state = processState<{ timer?: NodeJS.Timeout }>('instanceLease', () => ({}));

const leaseEnd = () => new Date(now().getTime() + LEASE_MS);

export async function registerInstance(): Promise<void> {
  const db = await getDb();
  const { instanceId, startedAt } = runtime();
  await db
    .insert(clusterInstances)
    .values({ id: instanceId, startedAt, leaseUntil: leaseEnd() })
    .onConflictDoUpdate({ target: clusterInstances.id, set: { leaseUntil: leaseEnd(), draining: false } });
  state.timer ??= setInterval(() => void renewLease(), RENEW_MS);
  state.timer.unref();
}

async function renewLease(): Promise<void> {
  try {
    const db = await getDb();
    await db.update(clusterInstances).set({ leaseUntil: leaseEnd() }).where(eq(clusterInstances.id, runtime().instanceId));
  } catch (err) {
    getLogger().warn({ err }, 'instance lease not renewed');
  }
}

/** Shutting down: other instances stop sending it work it cannot finish. */
export async function markDraining(): Promise<void> {
  const db = await getDb();
  await db.update(clusterInstances).set({ draining: true }).where(eq(clusterInstances.id, runtime().instanceId));
}

/** Ends this instance's lease at once (after its connections are handed over). */
export async function retireInstance(): Promise<void> {
  clearInterval(state.timer);
  state.timer = undefined;
  const db = await getDb();
  await db.delete(clusterInstances).where(eq(clusterInstances.id, runtime().instanceId));
}

/** SQL: the instance named by `column` is alive (its lease runs). For joins and subqueries. */
// The time as text: a Date in raw SQL reaches the PostgreSQL driver unconverted (it accepts strings only).
export const instanceAlive = (column: AnyPgColumn | SQL): SQL =>
  sql`exists (select 1 from ${clusterInstances} where ${clusterInstances.id} = ${column} and ${clusterInstances.leaseUntil} > ${now().toISOString()}::timestamptz)`;

/** The instances alive now. */
export async function liveInstances(): Promise<Array<{ id: string; draining: boolean }>> {
  const db = await getDb();
  return db
    .select({ id: clusterInstances.id, draining: clusterInstances.draining })
    .from(clusterInstances)
    .where(and(gt(clusterInstances.leaseUntil, now())));
}
