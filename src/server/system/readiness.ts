import { getDatabase, pingDatabase } from '@/server/db/client';
import { pendingMigrations } from '@/server/db/migrate';
import { processState } from '@/server/runtime';

/** Set on SIGTERM (server.ts): the load balancer sends new work elsewhere while this instance hands over. */
const lifecycle = processState<{ draining: boolean }>('lifecycle', () => ({ draining: false }));

export const startDraining = () => void (lifecycle.draining = true);
export const isDraining = () => lifecycle.draining;

export interface Readiness {
  ready: boolean;
  draining: boolean;
  database: 'ok' | 'unreachable';
  driver: 'pglite' | 'postgres' | null;
  pendingMigrations: string[];
}

export async function checkReadiness(): Promise<Readiness> {
  try {
    const handle = await getDatabase();
    if (!(await pingDatabase(handle.db))) throw new Error('ping failed');
    const pending = await pendingMigrations(handle);
    const draining = isDraining();
    return { ready: pending.length === 0 && !draining, draining, database: 'ok', driver: handle.kind, pendingMigrations: pending };
  } catch {
    return { ready: false, draining: isDraining(), database: 'unreachable', driver: null, pendingMigrations: [] };
  }
}
