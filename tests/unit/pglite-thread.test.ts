/**
 * The embedded database runs in its own thread behind Drizzle. What callers
 * rely on must hold across the thread boundary: transactions isolate and
 * commit or roll back as a whole, other queries wait for an open transaction,
 * Postgres error fields arrive intact, commits reach the disk before they
 * are answered, and a closed database says so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type Db } from '@/server/db/client';
import { PgliteThread } from '@/server/db/pglite-thread';

let db: Db;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-thread-'));
const count = async (on: Pick<Db, 'execute'> = db) =>
  resultRows<{ n: number }>(await on.execute(sql`select count(*)::int as n from thread_items`))[0].n;

beforeAll(async () => {
  db = (await openDatabase(parseConfig({ DATA_DIR: dataDir }))).db;
  await db.execute(sql`create table thread_items (id int primary key, at timestamptz, data jsonb)`);
});

afterAll(async () => {
  await closeDatabase();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('PGlite in its own thread', () => {
  it('commits a transaction as a whole, nested savepoints included', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_items (id) values (1)`);
      await tx.transaction(async (inner) => inner.execute(sql`insert into thread_items (id) values (2)`));
    });
    expect(await count()).toBe(2);
  });

  it('rolls a transaction back when its callback throws, and the error is the callback’s', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_items (id) values (3)`);
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await count()).toBe(2);
  });

  it('makes queries outside an open transaction wait for it, then see its rows', async () => {
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
    let inserted!: () => void;
    const insertDone = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_items (id) values (4)`);
      inserted();
      await held;
    });
    await insertDone;
    let outsideAnswered = false;
    const outside = count().then((n) => ((outsideAnswered = true), n));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(outsideAnswered).toBe(false);
    releaseTransaction();
    await transaction;
    expect(await outside).toBe(3);
  });

  it('passes Postgres error fields through, so unique violations are recognised', async () => {
    const error = await db.execute(sql`insert into thread_items (id) values (1)`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { cause?: unknown }).cause).toMatchObject({ code: '23505', constraint: 'thread_items_pkey' });
  });

  it('keeps values as Drizzle maps them: timestamps as text, json as objects', async () => {
    await db.execute(sql`insert into thread_items (id, at, data) values (5, '2026-11-28T10:00:00Z', '{"a":[1,2]}')`);
    const [row] = resultRows<{ at: unknown; data: unknown }>(await db.execute(sql`select at, data from thread_items where id = 5`));
    expect(row.at).toBe('2026-11-28 10:00:00+00');
    expect(row.data).toEqual({ a: [1, 2] });
  });

  it('runs a repeated statement again after its table changed shape (statements are kept prepared)', async () => {
    const everything = () => db.execute(sql`select * from thread_items where id = ${5}`);
    await everything();
    await everything();
    await db.execute(sql`alter table thread_items add column note text default 'added'`);
    expect(resultRows(await everything())).toEqual([expect.objectContaining({ id: 5, note: 'added' })]);
  });

  it('runs statements sent together each on its own: one failing or re-prepared leaves the others as they are', async () => {
    const insert = (id: number) => db.execute(sql`insert into thread_items (id) values (${id})`);
    const one = (id: number) => db.execute(sql`select id, note from thread_items where id = ${id}`);
    await one(5); // prepared before the table changes below
    await db.execute(sql`alter table thread_items drop column note`);
    // Sent in one go, these reach the thread while it is busy and run as one batch.
    const outcomes = await Promise.allSettled([
      insert(100),
      insert(1), // a duplicate: only this one fails
      db.execute(sql`select * from thread_items where id = ${5}`), // its prepared statement predates the change
      insert(101),
      ...Array.from({ length: 40 }, (_, i) => insert(200 + i)), // more than one batch
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', ...Array(40).fill('fulfilled')]);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { cause?: unknown }).cause).toMatchObject({ code: '23505' });
    expect(resultRows((outcomes[2] as PromiseFulfilledResult<never>).value)).toEqual([expect.objectContaining({ id: 5 })]);
    expect(resultRows((outcomes[2] as PromiseFulfilledResult<never>).value)[0]).not.toHaveProperty('note');
    expect(resultRows(await db.execute(sql`select count(*)::int as n from thread_items where id >= 100`))).toEqual([{ n: 42 }]);
    await expect(one(5)).rejects.toMatchObject({ cause: expect.objectContaining({ code: '42703' }) });
  });

  it('syncs a batch to disk before answering it, and later statements wait for the disk again', async () => {
    const setting = async (name: string) =>
      resultRows<{ value: string }>(await db.execute(sql`select current_setting(${name}) as value`))[0].value;
    expect(await setting('fsync')).toBe('on');
    expect(await setting('wal_sync_method')).toBe('fsync');
    // Sent in one go: one batch, whose statements commit without waiting and are flushed together.
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.execute(sql`insert into thread_items (id) values (${300 + i})`)));
    const [wal] = resultRows<{ flushed: boolean }>(await db.execute(sql`select pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() as flushed`));
    expect(wal.flushed).toBe(true);
    expect(await setting('synchronous_commit')).toBe('on');
  });

  it('refuses a query that asks for type parsers the thread does not apply', async () => {
    const thread = (db as unknown as { $client: PgliteThread }).$client;
    await expect(thread.query('select 1', [], { parsers: { 20: () => 1 } })).rejects.toThrow(/parses types/);
  });

  it('answers queries after close with a clear error instead of hanging', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-thread-'));
    const thread = await PgliteThread.open(path.join(otherDir, 'pglite'));
    expect((await thread.query('select 41 + 1 as n')).rows).toEqual([{ n: 42 }]);
    await thread.close();
    await expect(thread.query('select 1')).rejects.toThrow('The embedded database is closed');
    fs.rmSync(otherDir, { recursive: true, force: true });
  });
});
