/**
 * The embedded database's upkeep (src/server/db/upkeep.ts): autovacuum's
 * thresholds, and on a real PGlite (its own thread, the app's statement path)
 * a table that grew gets statistics (the planner then expects its 10,000 rows,
 * not one), and one with dead rows is vacuumed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle } from '@/server/db/client';
import { upkeepSteps, upkeepTables, type TableCounters } from '@/server/db/upkeep';

const counters = (over: Partial<TableCounters>): TableCounters => ({
  schema: 'public',
  table: 't',
  live: 10_000,
  dead: 0,
  modifiedSinceAnalyze: 0,
  insertedSinceVacuum: 0,
  ...over,
});

describe('upkeepSteps: autovacuum’s default thresholds', () => {
  it('leaves a table alone below every threshold', () => {
    expect(upkeepSteps([counters({ dead: 2050, modifiedSinceAnalyze: 1050, insertedSinceVacuum: 3000 })])).toEqual([]);
  });

  it('analyzes past 50 + 10 % changed rows, vacuums past 50 + 20 % dead or 1,000 + 20 % inserted', () => {
    expect(upkeepSteps([counters({ modifiedSinceAnalyze: 1051 })])).toEqual([{ schema: 'public', table: 't', vacuum: false }]);
    expect(upkeepSteps([counters({ dead: 2051 })])).toEqual([{ schema: 'public', table: 't', vacuum: true }]);
    expect(upkeepSteps([counters({ insertedSinceVacuum: 3001 })])).toEqual([{ schema: 'public', table: 't', vacuum: true }]);
  });

  it('counts from an empty table: its first rows get statistics', () => {
    expect(upkeepSteps([counters({ live: 0, modifiedSinceAnalyze: 51 })])).toEqual([{ schema: 'public', table: 't', vacuum: false }]);
  });
});

describe('upkeepTables on PGlite', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  const rows = async <T>(query: ReturnType<typeof sql>) => resultRows<T>(await handle.db.execute(query));
  /** The planner's estimate of the open incidents' rows, as the incident scan's anti-join sees them. */
  const estimatedOpen = async () => {
    const [first] = await rows<{ 'QUERY PLAN': string }>(sql`explain select * from upkeep_b where kind = 'offline' and closed_at is null`);
    return Number(/rows=(\d+)/.exec(first['QUERY PLAN'])![1]);
  };
  const stepFor = (steps: Awaited<ReturnType<typeof upkeepTables>>, table: string) => steps.find((s) => s.table === table);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
    // Like charge_points and notification_incidents (the incident scan's anti-join): created empty, then filled.
    await handle.execScript(`
      create table upkeep_a (id int primary key, v int);
      create table upkeep_b (id int primary key, kind text not null, subject_id int not null, closed_at timestamptz);
      create unique index on upkeep_b (kind, subject_id) where closed_at is null;`);
    await upkeepTables();
    await handle.db.execute(sql`insert into upkeep_a select g, g from generate_series(1, 10000) g`);
    await handle.db.execute(sql`insert into upkeep_b select g, 'offline', g from generate_series(1, 10000) g`);
  }, 60_000);

  afterAll(async () => {
    await closeDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives grown tables statistics: the planner’s estimate goes from a row to 10,000', async () => {
    // Without statistics the partial unique index promises one row: the incident scan looped over all of them per charge point.
    expect(await estimatedOpen()).toBeLessThan(10);
    const steps = await upkeepTables();
    expect(stepFor(steps, 'upkeep_a')).toEqual({ schema: 'public', table: 'upkeep_a', vacuum: true });
    expect(stepFor(steps, 'upkeep_b')?.vacuum).toBe(true);
    const [stats] = await rows<{ reltuples: number }>(sql`select reltuples::float8 as reltuples from pg_class where relname = 'upkeep_a'`);
    expect(stats.reltuples).toBe(10_000);
    expect(await estimatedOpen()).toBeGreaterThan(9000);
    // Done once: nothing changed since.
    expect(stepFor(await upkeepTables(), 'upkeep_a')).toBeUndefined();
  });

  it('vacuums a table with many dead rows, and the dead rows are gone', async () => {
    await handle.db.execute(sql`update upkeep_a set v = v + 1 where id <= 3000`);
    const steps = await upkeepTables();
    expect(stepFor(steps, 'upkeep_a')).toEqual({ schema: 'public', table: 'upkeep_a', vacuum: true });
    expect(stepFor(steps, 'upkeep_b')).toBeUndefined();
    await handle.db.execute(sql`select pg_stat_force_next_flush()`);
    const [after] = await rows<{ dead: number }>(sql`select n_dead_tup::float8 as dead from pg_stat_user_tables where relname = 'upkeep_a'`);
    expect(after.dead).toBe(0);
  });
});
