import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { now } from '@/server/clock';
import type { AppConfig } from '@/server/config';
import { acquireLock } from '@/server/db/lock';
import { PgliteThread } from '@/server/db/pglite-thread';
import { AppError, conflict } from '@/server/http/errors';
import { syncFolder } from './archive';
import { DATA_FOLDER, MANIFEST_FILE, manifestSchema, type Manifest } from './format';

const invalid = (why: string) => new AppError(422, 'invalid_backup', `Not a usable EVConduit backup: ${why}`);

/** Only the manifest and the data folder's plain files and folders: no links, devices or paths elsewhere. */
function allowedEntry(entryPath: string, type: string): boolean {
  const clean = path.posix.normalize(entryPath).replace(/\/$/, '');
  if (clean.startsWith('..') || path.posix.isAbsolute(clean)) return false;
  if (clean === MANIFEST_FILE) return type === 'File';
  return (clean === DATA_FOLDER || clean.startsWith(`${DATA_FOLDER}/`)) && (type === 'File' || type === 'Directory');
}

/** Reads the whole archive (gzip checksum included), refusing any entry a backup never holds. */
export async function checkArchive(file: string): Promise<void> {
  const refused: string[] = [];
  try {
    await tar.list({ file, strict: true, onReadEntry: (entry) => void (allowedEntry(entry.path, entry.type) || refused.push(entry.path)) });
  } catch (error) {
    throw invalid(`the file is not a complete gzipped tar archive (${(error as Error).message})`);
  }
  if (refused.length > 0) throw invalid(`unexpected entries (${refused.slice(0, 3).join(', ')})`);
}

/** Checks the archive, then unpacks it into `into` and checks its manifest. */
async function unpack(file: string, into: string): Promise<Manifest> {
  await checkArchive(file);
  await tar.extract({ file, cwd: into, strict: true, preserveOwner: false });
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(into, MANIFEST_FILE), 'utf8')));
  } catch {
    throw invalid(`${MANIFEST_FILE} is missing or not understood`);
  }
  const versionFile = path.join(into, DATA_FOLDER, 'PG_VERSION');
  if (!fs.existsSync(versionFile) || fs.readFileSync(versionFile, 'utf8').trim() !== manifest.postgresVersion) {
    throw invalid('the database folder does not match its manifest');
  }
  return manifest;
}

/** Opens the unpacked database once (Postgres replays its WAL) and reads from it: a backup that cannot open is refused. */
async function checkOpens(dir: string): Promise<void> {
  let database: PgliteThread | undefined;
  try {
    database = await PgliteThread.open(dir);
    await database.query('select count(*) from pg_class');
  } catch (error) {
    throw invalid(`its database does not open (${(error as Error).message})`);
  } finally {
    await database?.close().catch(() => undefined);
  }
}

export interface RestoreResult {
  manifest: Manifest;
  /** Where the database that was there before now is (kept until the operator deletes it). */
  previous?: string;
}

/**
 * Puts a backup in place of the embedded database of a stopped installation.
 * Holds the data folder's lock throughout (a server starting meanwhile
 * refuses to), checks the whole backup in a folder beside the database
 * first, and only then swaps the folders by rename: a failure at any step
 * leaves the database that was there untouched.
 */
export async function restoreBackup(config: AppConfig, file: string): Promise<RestoreResult> {
  if (config.database.kind !== 'pglite') throw conflict('backup_not_embedded', 'errors.backup.postgres');
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new AppError(404, 'not_found', `No such file: ${file}`);
  const target = config.database.dir;
  fs.mkdirSync(config.dataDir, { recursive: true });
  const release = acquireLock(path.join(path.dirname(target), 'pglite.lock'));
  const work = path.join(config.dataDir, `.restore-${randomUUID()}`);
  try {
    fs.mkdirSync(work, { mode: 0o700 });
    const manifest = await unpack(file, work);
    const restored = path.join(work, DATA_FOLDER);
    await checkOpens(restored);
    const previous = fs.existsSync(target) ? `${target}.before-restore-${now().toISOString().replaceAll(':', '-')}` : undefined;
    if (previous) fs.renameSync(target, previous);
    try {
      fs.renameSync(restored, target);
    } catch (error) {
      if (previous) fs.renameSync(previous, target);
      throw error;
    }
    await syncFolder(path.dirname(target));
    return { manifest, previous };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    release();
  }
}
