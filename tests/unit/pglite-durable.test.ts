/**
 * PGlite on Node never syncs to disk by itself (fsync off, and its Node file
 * system has no fsync). With `durableStartParams` and `syncToDisk` a commit
 * returns only after its WAL went through a real fsync, and a checkpoint
 * syncs the data files it wrote.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { durableStartParams, syncToDisk } from '@/server/db/pglite-durable.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-durable-'));
let pg: PGlite;

/** Files (relative to the data folder) that fsync reached while `run` ran. */
async function syncedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const synced: string[] = [];
  const realFsync = fs.fsyncSync;
  // The path is read at the call: a checkpoint closes its files right after.
  const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
    synced.push(path.relative(dataDir, fs.readlinkSync(`/proc/self/fd/${fd}`)));
    realFsync(fd);
  });
  try {
    await run();
    return synced;
  } finally {
    fsync.mockRestore();
  }
}

beforeAll(async () => {
  pg = await PGlite.create(dataDir, { startParams: durableStartParams(PGlite.defaultStartParams) });
  syncToDisk(pg);
  await pg.exec('create table durable_items (id int primary key)');
});

afterAll(async () => {
  await pg.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('PGlite synced to disk', () => {
  it('runs Postgres with fsync on, syncing the WAL through fsync()', async () => {
    const setting = async (name: string) => (await pg.query<Record<string, string>>(`show ${name}`)).rows[0][name];
    expect(await setting('fsync')).toBe('on');
    expect(await setting('wal_sync_method')).toBe('fsync');
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
});
