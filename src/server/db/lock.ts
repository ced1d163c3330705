import fs from 'node:fs';
import os from 'node:os';

export class DataFolderLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database is in use by another process (pid ${pid}, lock file ${lockFile}). ` +
        'Stop that process first (or use the running server), or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'DataFolderLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the pid holding the lock, or undefined when the lock is free or stale. */
export function lockHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid);
    return Number.isInteger(pid) && pid !== process.pid && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGlite has no lock of its own: two processes on one folder silently lose
 * writes. Take an exclusive lock file (atomic create); a stale one left by a
 * dead process is replaced. Returns the release function.
 */
export function acquireLock(lockFile: string): () => void {
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, content, { flag: 'wx' });
      return () => {
        try {
          if (JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid === process.pid) fs.unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(lockFile);
      if (holder !== undefined) throw new DataFolderLockedError(lockFile, holder);
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}
