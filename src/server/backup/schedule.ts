import fs from 'node:fs';
import path from 'node:path';
import { recordAudit } from '@/server/audit/audit';
import { now } from '@/server/clock';
import type { AppConfig } from '@/server/config';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';
import { writeBackupFile } from './archive';
import { BACKUP_FILE_PATTERN, backupFileName } from './format';

export interface StoredBackup {
  fileName: string;
  bytes: number;
  createdAt: Date;
}

/** The scheduled backups in `dir`, newest first (only files this job names, never anything else there). */
export function listBackups(dir: string): StoredBackup[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => BACKUP_FILE_PATTERN.test(name))
    .sort()
    .reverse()
    .map((fileName) => {
      const stat = fs.statSync(path.join(dir, fileName));
      return { fileName, bytes: stat.size, createdAt: stat.mtime };
    });
}

/** One scheduled backup into the folder, then the oldest beyond `keep` deleted. */
export async function runScheduledBackup(backup: NonNullable<AppConfig['backup']>): Promise<void> {
  fs.mkdirSync(backup.dir, { recursive: true, mode: 0o700 });
  const written = await writeBackupFile(path.join(backup.dir, backupFileName(now())));
  const removed = listBackups(backup.dir).slice(backup.keep);
  for (const old of removed) fs.rmSync(path.join(backup.dir, old.fileName), { force: true });
  await recordAudit({ actorUserId: null, action: 'backup.scheduled', subjectType: 'database', details: { file: written.fileName, bytes: written.bytes, removed: removed.map((r) => r.fileName) } });
  getLogger().info({ file: written.fileName, bytes: written.bytes, removed: removed.length }, 'backup written');
}

/** The periodic job when BACKUP_DIR is set and the database is the embedded one. */
export function backupJob(config: AppConfig): PeriodicJob | undefined {
  const { backup } = config;
  if (!backup) return undefined;
  if (config.database.kind !== 'pglite') {
    getLogger().warn('BACKUP_DIR is ignored with DATABASE_URL: back PostgreSQL up with pg_dump or Supabase backups (docs/backups.md)');
    return undefined;
  }
  return { name: 'backup', intervalMs: backup.intervalMs, run: () => runScheduledBackup(backup) };
}

export interface BackupOverview {
  embedded: boolean;
  schedule?: { dir: string; keep: number; intervalHours: number; backups: StoredBackup[] };
}

/** What the admin page shows: whether backups apply, and the scheduled ones kept. */
export function backupOverview(config: AppConfig): BackupOverview {
  const embedded = config.database.kind === 'pglite';
  const { backup } = config;
  if (!embedded || !backup) return { embedded };
  return { embedded, schedule: { dir: backup.dir, keep: backup.keep, intervalHours: backup.intervalMs / 3_600_000, backups: listBackups(backup.dir) } };
}
