import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import { now } from '@/server/clock';
import { getConfig } from '@/server/config';
import { getDatabase } from '@/server/db/client';
import { conflict } from '@/server/http/errors';
import { getLogger } from '@/server/observability/logger';
import { processState } from '@/server/runtime';
import { BACKUP_FORMAT, DATA_FOLDER, MANIFEST_FILE, backupFileName, type Manifest } from './format';

/** One backup at a time per process: each holds a copy of the database on disk until it is sent. */
const state = processState<{ running: boolean }>('backup', () => ({ running: false }));

export interface BackupStream {
  fileName: string;
  /** The gzipped tar archive; the staging copy is removed once it ends, fails or is dropped. */
  stream: Readable;
}

/**
 * Starts a backup of the embedded database: a consistent copy of its data
 * folder is taken (the database waits only for that file copy, see
 * `snapshot` in pglite-worker.mjs), then packed as it is read, so memory stays
 * bounded whatever the database's size. The copy sits next to the database
 * (same disk: fast, and no other folder is trusted with the data).
 */
export async function startBackup(): Promise<BackupStream> {
  const config = getConfig();
  if (config.database.kind !== 'pglite') throw conflict('backup_not_embedded', 'errors.backup.postgres');
  if (state.running) throw conflict('backup_running', 'errors.backup.running');
  state.running = true;
  const staging = path.join(config.dataDir, `.backup-${randomUUID()}`);
  const cleanUp = () => {
    fs.rmSync(staging, { recursive: true, force: true });
    state.running = false;
  };
  try {
    fs.mkdirSync(staging, { mode: 0o700 });
    const database = await getDatabase();
    await database.snapshot!(path.join(staging, DATA_FOLDER));
    const createdAt = now();
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      createdAt: createdAt.toISOString(),
      postgresVersion: fs.readFileSync(path.join(staging, DATA_FOLDER, 'PG_VERSION'), 'utf8').trim(),
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    const pack = tar.create({ gzip: true, cwd: staging, portable: true }, [MANIFEST_FILE, DATA_FOLDER]);
    // The reader's own listener reports it; this one only keeps a dropped download's late error from going unheard.
    pack.on('error', () => undefined);
    const stream = Readable.from(pack);
    stream.once('error', (err) => getLogger().warn({ err }, 'backup not completed'));
    // Ended, failed or dropped (a download cut short): the staging copy goes.
    stream.once('close', cleanUp);
    return { fileName: backupFileName(createdAt), stream };
  } catch (error) {
    cleanUp();
    throw error;
  }
}

/** Writes a backup to `file` atomically (see `writeAtomically`). */
export async function writeBackupFile(file: string): Promise<{ fileName: string; bytes: number }> {
  const { stream } = await startBackup();
  try {
    return { fileName: path.basename(file), bytes: await writeAtomically(file, stream) };
  } finally {
    stream.destroy();
  }
}

/**
 * Writes `source` into a temporary file beside `file`, syncs it, checks it
 * (`check`, optional) and renames it: `file` is either a complete backup or
 * not there at all. Returns its size.
 */
export async function writeAtomically(file: string, source: AsyncIterable<Buffer>, check?: (written: string) => Promise<void>): Promise<number> {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    const handle = await fs.promises.open(temporary, 'wx', 0o600);
    try {
      for await (const chunk of source) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await check?.(temporary);
    await fs.promises.rename(temporary, file);
    await syncFolder(path.dirname(path.resolve(file)));
    return (await fs.promises.stat(file)).size;
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

export async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.promises.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
