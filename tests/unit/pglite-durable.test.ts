/**
 * PGlite on Node never syncs to disk by itself (fsync off, and its Node file
 * system has no fsync). Opened with `openDurable`, a commit returns only
 * after its WAL went through a real fsync, a checkpoint syncs the data files
 * it wrote, a new data folder is synced as a whole, and Postgres' own sync of
 * the folder after a crash reaches the disk.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDurable } from '@/server/db/pglite-durable.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-durable-'));
const dataDir = path.join(tmp, 'db');
let pg: PGlite;
let syncedWhileCreating: string[];
let filesWhenCreated: string[];

/** Files (relative to `root`) that fsync reached while `run` ran. */
async function syncedDuring(run: () => Promise<unknown>, root = dataDir): Promise<string[]> {
  const synced: string[] = [];
  const realFsync = fs.fsyncSync;
  // The path is read at the call: a checkpoint closes its files right after.
  const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
    synced.push(path.relative(root, fs.readlinkSync(`/proc/self/fd/${fd}`)));
    realFsync(fd);
  });
  try {
    await run();
    return synced;
  } finally {
    fsync.mockRestore();
  }
}

/** Every file under `folder`, relative to it. */
const filesUnder = (folder: string): string[] =>
  fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));

beforeAll(async () => {
  syncedWhileCreating = await syncedDuring(async () => (pg = await openDurable(dataDir)));
  filesWhenCreated = filesUnder(dataDir);
  await pg.exec('create table durable_items (id int primary key)');
});

afterAll(async () => {
  await pg.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('PGlite synced to disk', () => {
  it('runs Postgres with fsync on, syncing the WAL through fsync()', async () => {
    const setting = async (name: string) => (await pg.query<Record<string, string>>(`show ${name}`)).rows[0][name];
    expect(await setting('fsync')).toBe('on');
    expect(await setting('wal_sync_method')).toBe('fsync');
  });

  it('syncs every file of a new data folder, which initdb left unsynced, and the folder that holds it', () => {
    const synced = new Set(syncedWhileCreating);
    expect(filesWhenCreated.length).toBeGreaterThan(100);
    expect(filesWhenCreated.filter((file) => !synced.has(file))).toEqual([]);
    expect(synced.has('')).toBe(true);
    expect(synced.has('..')).toBe(true);
  });

  it('fsyncs the WAL before a commit returns', async () => {
    const synced = await syncedDuring(() => pg.query('insert into durable_items values (1)'));
    expect(synced.some((file) => file.startsWith('pg_wal/'))).toBe(true);
  });

  it('fsyncs the data files a checkpoint writes', async () => {
    await pg.query('insert into durable_items values (2)');
    const synced = await syncedDuring(() => pg.exec('checkpoint'));
    expect(synced.some((file) => file.startsWith('base/'))).toBe(true);
  });

  it('reopens an existing folder without syncing it all again', async () => {
    const folder = path.join(tmp, 'existing');
    await (await openDurable(folder)).close();
    let again: PGlite | undefined;
    const synced = await syncedDuring(async () => (again = await openDurable(folder)), folder);
    await again?.close();
    expect(synced).not.toContain('PG_VERSION');
    expect(synced.filter((file) => file.startsWith('base/'))).toEqual([]);
  });

  it('after a crash, Postgres syncs the whole data folder at start-up through the real fsync', async () => {
    const folder = path.join(tmp, 'crashed');
    await (await openDurable(folder)).close();
    // A process that stores a row and dies without closing the database.
    const crash = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `
        import { PGlite } from '@electric-sql/pglite';
        const pg = await PGlite.create(${JSON.stringify(folder)});
        await pg.exec('create table crashed_items (id int); insert into crashed_items values (1)');
        process.kill(process.pid, 'SIGKILL');`],
      { cwd: process.cwd(), encoding: 'utf8' },
    );
    expect(crash.signal).toBe('SIGKILL');
    let reopened: PGlite | undefined;
    const synced = await syncedDuring(async () => (reopened = await openDurable(folder)), folder);
    try {
      expect((await reopened!.query('select id from crashed_items')).rows).toEqual([{ id: 1 }]);
    } finally {
      await reopened?.close();
    }
    expect(synced.filter((file) => file.startsWith('base/')).length).toBeGreaterThan(100);
  });
});
