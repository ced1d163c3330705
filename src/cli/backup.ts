import path from 'node:path';
import { z } from 'zod';
import { writeBackupFile } from '@/server/backup/archive';
import { downloadBackup, runningServer } from '@/server/backup/remote';
import { restoreBackup } from '@/server/backup/restore';
import { getConfig } from '@/server/config';
import { closeDatabase } from '@/server/db/client';
import { DataFolderLockedError } from '@/server/db/lock';
import { AppError, conflict } from '@/server/http/errors';
import { validateFlags, type StandaloneCommand } from './command';

const fileFlag = z.object({ file: z.string().trim().min(1, 'name the backup file') });

const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

function embeddedOnly() {
  const config = getConfig();
  if (config.database.kind !== 'pglite') throw conflict('backup_not_embedded', 'errors.backup.postgres');
  return { config, dir: config.database.dir };
}

/**
 * Through the running server when there is one (it alone may open the
 * embedded database); otherwise this process opens the database and copies it.
 */
export const backup: StandaloneCommand<{ file: string }> = {
  name: 'backup',
  summary: 'Write a consistent backup of the embedded database to a file, also while the server runs',
  usage: '<file>',
  example: 'npm run cli -- backup evconduit-backup.tar.gz',
  options: {},
  positionals: ['file'],
  standalone: true,
  validate: (flags) => validateFlags(fileFlag, flags),
  async run({ file }) {
    const { config } = embeddedOnly();
    const target = path.resolve(file);
    const server = runningServer(config);
    let bytes: number;
    if (server) ({ bytes } = await downloadBackup(config, server, target));
    else {
      try {
        ({ bytes } = await writeBackupFile(target));
      } finally {
        await closeDatabase();
      }
    }
    const via = server ? `through the running server (pid ${server.pid})` : 'directly (no server was running)';
    return {
      json: { file: target, bytes, via: server ? 'server' : 'direct' },
      text: `Backup written to ${target} (${size(bytes)}), ${via}.`,
    };
  },
};

export const restore: StandaloneCommand<{ file: string }> = {
  name: 'restore',
  summary: 'Replace the embedded database with a backup (stop the server first; the old database is kept aside)',
  usage: '<file>',
  example: 'npm run cli -- restore evconduit-backup.tar.gz',
  options: {},
  positionals: ['file'],
  standalone: true,
  validate: (flags) => validateFlags(fileFlag, flags),
  async run({ file }) {
    const { config, dir } = embeddedOnly();
    try {
      const { manifest, previous } = await restoreBackup(config, path.resolve(file));
      return {
        json: { restored: path.resolve(file), backup_created_at: manifest.createdAt, previous: previous ?? null },
        text: [
          `Restored the backup of ${manifest.createdAt} into ${dir}.`,
          previous ? `The database that was there is kept in ${previous}; delete it once the server runs well on the restored one.` : '',
          'Start the server now (it applies any newer migrations).',
        ]
          .filter(Boolean)
          .join('\n'),
      };
    } catch (error) {
      if (error instanceof DataFolderLockedError) {
        throw new AppError(409, 'database_in_use', `The server (pid ${error.pid}) is running on ${dir}: stop it first, then restore.`);
      }
      throw error;
    }
  },
};
