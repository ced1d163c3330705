import { getDatabase, pingDatabase } from '@/server/db/client';
import { pendingMigrations } from '@/server/db/migrate';

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable';
  driver: 'pglite' | 'postgres' | null;
  pendingMigrations: string[];
}

export async function checkReadiness(): Promise<Readiness> {
  try {
    const handle = await getDatabase();
    if (!(await pingDatabase(handle.db))) throw new Error('ping failed');
    const pending = await pendingMigrations(handle);
    return { ready: pending.length === 0, database: 'ok', driver: handle.kind, pendingMigrations: pending };
  } catch {
    return { ready: false, database: 'unreachable', driver: null, pendingMigrations: [] };
  }
}
