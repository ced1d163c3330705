/**
 * Statements built once (`preparedStatement`): the text is built on the first
 * run only, every run gets its own values, and a run inside a transaction
 * goes through that transaction. On PGlite and PostgreSQL, where each
 * connection also prepares it once, unless DATABASE_URL says `prepare=false`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle } from '@/server/db/client';
import { preparedStatement } from '@/server/db/prepared';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

function preparedSuite(open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>) {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
  });
  afterAll(async () => {
    await closeDatabase();
    await cleanup?.();
  });

  it('builds the text once and binds each run its own values, nulls and JSON included', async () => {
    let builds = 0;
    const statement = preparedStatement<{ n: number | null; items: string }, { next: number | null; names: string }>(() => {
      builds++;
      return sql`select ${sql.placeholder('n')}::int + 1 as next,
        (select string_agg(name, ',' order by name) from jsonb_to_recordset(${sql.placeholder('items')}::jsonb) as t(name text)) as names`;
    });
    const items = (names: string[]) => JSON.stringify(names.map((name) => ({ name })));
    expect(await statement({ n: 1, items: items(['b', 'a']) })).toEqual([{ next: 2, names: 'a,b' }]);
    expect(await statement({ n: 41, items: items(['it\'s "quoted"', 'ü, {x}']) })).toEqual([{ next: 42, names: 'it\'s "quoted",ü, {x}' }]);
    expect(await statement({ n: null, items: '[]' })).toEqual([{ next: null, names: null }]);
    expect(builds).toBe(1);
  });

  it('runs inside the transaction it is given, and rolls back with it', async () => {
    await handle.db.execute(sql`create table prepared_probe (id int primary key)`);
    const insert = preparedStatement<{ id: number }, { id: number }>(() => sql`insert into prepared_probe values (${sql.placeholder('id')}) returning id`);
    const count = async () => resultRows<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from prepared_probe`))[0].n;
    await expect(
      handle.db.transaction(async (tx) => {
        expect(await insert({ id: 1 }, tx)).toEqual([{ id: 1 }]);
        expect(await insert({ id: 2 }, tx)).toEqual([{ id: 2 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count()).toBe(0);
    await insert({ id: 3 });
    expect(await count()).toBe(1);
  });
}

describe('prepared statements on PGlite', () => {
  preparedSuite(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    const handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
    return { handle, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describe.skipIf(!TEST_DATABASE_URL)('prepared statements on PostgreSQL (TEST_DATABASE_URL)', () => {
  preparedSuite(async () => {
    const database = await createTestDatabase(TEST_DATABASE_URL!);
    const handle = await openDatabase(parseConfig({ DATABASE_URL: database.url }));
    return { handle, cleanup: () => database.drop() };
  });
});

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL prepares each statement once per connection (TEST_DATABASE_URL)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(TEST_DATABASE_URL!);
  });
  afterAll(async () => {
    await closeDatabase();
    await database?.drop();
  });

  const doubled = preparedStatement<{ n: number }, { n: number }>(() => sql`select ${sql.placeholder('n')}::int * 2 as n`);

  /** Runs the statement twice on one connection (a transaction holds one) and counts the statements that connection keeps prepared. */
  async function preparedOnOneConnection(url: string): Promise<number> {
    await closeDatabase();
    const { db } = await openDatabase(parseConfig({ DATABASE_URL: url }));
    return db.transaction(async (tx) => {
      expect(await doubled({ n: 2 }, tx)).toEqual([{ n: 4 }]);
      expect(await doubled({ n: 3 }, tx)).toEqual([{ n: 6 }]);
      const kept = await tx.execute(sql`select count(*)::int as count from pg_prepared_statements where statement like '%::int * 2 as n'`);
      return resultRows<{ count: number }>(kept)[0].count;
    });
  }

  it('keeps one prepared statement for both runs', async () => {
    expect(await preparedOnOneConnection(database.url)).toBe(1);
  });

  it('prepares nothing with ?prepare=false (poolers in transaction mode)', async () => {
    expect(await preparedOnOneConnection(`${database.url}?prepare=false`)).toBe(0);
  });
});
