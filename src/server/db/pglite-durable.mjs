// PGlite starts Postgres with fsync off (`-F`), and the Node file system of
// its WebAssembly build has no fsync: a commit reached the operating system's
// cache, not the disk. That survives the process dying, but a power cut or a
// kernel crash could lose what a charge point was told is stored, or leave
// the database corrupt (electric-sql/pglite#1107). `openDurable` makes
// Postgres sync as it does natively: each WAL flush and each checkpoint's
// data files reach the disk before it goes on.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// PGlite's fdatasync() does nothing; fsync() reaches the stream's fsync, which `SyncingNodeFS` provides.
const DURABLE_START_PARAMS = [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];

/**
 * PGlite's Node file system with the fsync it lacks, in place before
 * Postgres starts: after a crash, Postgres syncs the whole data folder at
 * start-up, and that must reach the disk too.
 */
class SyncingNodeFS extends NodeFS {
  async init(pg, options) {
    const result = await super.init(pg, options);
    result.emscriptenOpts.preRun.push((module) => giveFsync(module.FS, module.NODEFS));
    return result;
  }
}

function giveFsync(FS, NODEFS) {
  NODEFS.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) fs.fsyncSync(stream.nfd);
    // NODEFS keeps no descriptor for a directory; Postgres syncs one after creating or renaming a file in it.
    else if (FS.isDir(stream.node.mode)) syncPath(NODEFS.realPath(stream.node));
    return 0;
  };
}

function syncPath(target) {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every file and folder under `folder`, then the folder itself (what `initdb` does unless told not to). */
function syncTree(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const target = path.join(folder, entry.name);
    if (entry.isDirectory()) syncTree(target);
    else if (entry.isFile()) syncPath(target);
  }
  syncPath(folder);
}

/**
 * Opens (creating it when new) a PGlite data folder whose commits reach the
 * disk. A new folder is written by PGlite's own initdb, which never syncs:
 * it is synced as a whole before anything is stored in it.
 */
export async function openDurable(dataDir, { startParams = [], ...options } = {}) {
  const isNew = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const pg = await PGlite.create({
    ...options,
    fs: new SyncingNodeFS(dataDir),
    startParams: [...DURABLE_START_PARAMS, ...startParams],
  });
  if (isNew) {
    syncTree(dataDir);
    syncPath(path.dirname(path.resolve(dataDir)));
  }
  return pg;
}
