// PGlite starts Postgres with fsync off (`-F`), and the Node file system of
// its WebAssembly build has no fsync: a commit reached the operating system's
// cache, not the disk. That survives the process dying, but a power cut or a
// kernel crash could lose what a charge point was told is stored, or leave
// the database corrupt (electric-sql/pglite#1107). These settings and the
// fsync below make Postgres sync as it does natively: each WAL flush and each
// checkpoint's data files reach the disk before it goes on.
import fs from 'node:fs';

/** Postgres' start parameters for a durable data folder, given PGlite's defaults. */
export function durableStartParams(defaults) {
  // PGlite's fdatasync() does nothing; fsync() reaches the stream's fsync, which `syncToDisk` provides.
  return [...defaults.filter((param) => param !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'];
}

/** Gives PGlite's Node file system (NODEFS) the fsync it lacks; call right after `PGlite.create`. */
export function syncToDisk(pg) {
  const { FS, NODEFS } = pg.Module;
  NODEFS.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) {
      fs.fsyncSync(stream.nfd);
    } else if (FS.isDir(stream.node.mode)) {
      // NODEFS keeps no descriptor for a directory; Postgres syncs one after creating or renaming a file in it.
      const fd = fs.openSync(NODEFS.realPath(stream.node), 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    return 0;
  };
}
