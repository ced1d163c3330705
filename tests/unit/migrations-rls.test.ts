/**
 * The migrations and row-level security, on embedded PGlite and (when
 * TEST_DATABASE_URL is set) on a fresh PostgreSQL database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { closeDatabase, openDatabase, resultRows, type DatabaseHandle, type Tx } from '@/server/db/client';
import { migrate, pendingMigrations, readMigrations } from '@/server/db/migrate';
import { apiKeys, chargePoints, connectors, users } from '@/server/db/schema';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (!TEST_DATABASE_URL) console.log('PostgreSQL migration and RLS tests skipped: TEST_DATABASE_URL is not set.');

async function rows<T>(db: DatabaseHandle['db'] | Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  return resultRows<T>(await db.execute(query));
}

/** Everything a migration could change, in a stable order. */
async function schemaSnapshot(handle: DatabaseHandle) {
  const { db } = handle;
  return {
    columns: await rows(db, sql`
      select table_schema, table_name, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema in ('public', 'auth', 'supabase_migrations')
      order by 1, 2, 3`),
    indexes: await rows(db, sql`
      select schemaname, tablename, indexname, indexdef from pg_indexes
      where schemaname in ('public', 'auth') order by 1, 2, 3`),
    constraints: await rows(db, sql`
      select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint
      where connamespace = 'public'::regnamespace order by 1, 2`),
    policies: await rows(db, sql`
      select tablename, policyname, cmd, roles::text as roles, qual from pg_policies order by 1, 2`),
    migrations: await rows(db, sql`select version, name from supabase_migrations.schema_migrations order by 1`),
  };
}

interface Owner {
  userId: string;
  apiKeyId: string;
  chargePointId: string;
  connectorId: string;
}

/** A user with one API key, one charge point and one connector, written as the table owner. */
async function seedOwner(handle: DatabaseHandle, label: string): Promise<Owner> {
  const { db } = handle;
  const email = `${label}-${Date.now()}@example.com`;
  const [{ id: userId }] = await rows<{ id: string }>(db, sql`insert into auth.users (email) values (${email}) returning id`);
  await db.insert(users).values({ id: userId, email });
  const [key] = await db
    .insert(apiKeys)
    .values({ userId, name: `${label} key`, prefix: 'evc_abcdefgh', keyHash: `hash-${label}-${userId}` })
    .returning();
  const [chargePoint] = await db
    .insert(chargePoints)
    .values({ ownerId: userId, identity: `cp-${label}-${userId.slice(0, 8)}`, name: `${label} charger` })
    .returning();
  const [connector] = await db
    .insert(connectors)
    .values({ chargePointId: chargePoint.id, evseId: 1, connectorId: 1 })
    .returning();
  return { userId, apiKeyId: key.id, chargePointId: chargePoint.id, connectorId: connector.id };
}

/** Runs `fn` as a Supabase client would: role `authenticated`, with the user's JWT claims. */
function asRole<T>(handle: DatabaseHandle, role: 'authenticated' | 'anon', userId: string | null, fn: (tx: Tx) => Promise<T>) {
  return handle.db.transaction(async (tx) => {
    if (userId) {
      const claims = JSON.stringify({ sub: userId, role });
      await tx.execute(sql`select set_config('request.jwt.claims', ${claims}, true)`);
    }
    await tx.execute(sql.raw(`set local role ${role}`));
    return fn(tx);
  });
}

async function visibleIds(tx: Tx) {
  const ids = async (table: string) =>
    (await rows<{ id: string }>(tx, sql.raw(`select id from ${table} order by id`))).map((r) => r.id);
  return {
    users: await ids('users'),
    apiKeys: await ids('api_keys'),
    chargePoints: await ids('charge_points'),
    connectors: await ids('connectors'),
  };
}

const idsOf = (owner: Owner) => ({
  users: [owner.userId],
  apiKeys: [owner.apiKeyId],
  chargePoints: [owner.chargePointId],
  connectors: [owner.connectorId],
});

/** drizzle wraps driver errors; the database's own message is in `cause`. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return String(cause instanceof Error ? cause.message : error);
  }
  throw new Error('expected the statement to be refused');
}

function migrationAndRlsSuite(open: () => Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void> }>) {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  let alice: Owner;
  let bob: Owner;

  beforeAll(async () => {
    ({ handle, cleanup } = await open());
  });
  afterAll(async () => {
    await closeDatabase();
    await cleanup?.();
  });

  it('applies every migration once; a second run applies nothing and changes nothing', async () => {
    const all = readMigrations().map((m) => m.version);
    expect(all.length).toBeGreaterThan(0);
    expect(await pendingMigrations(handle)).toEqual(all);

    expect(await migrate(handle)).toEqual(all);
    const before = await schemaSnapshot(handle);
    expect(before.migrations.map((m) => (m as { version: string }).version)).toEqual(all);

    expect(await migrate(handle)).toEqual([]);
    expect(await schemaSnapshot(handle)).toEqual(before);
    expect(await pendingMigrations(handle)).toEqual([]);
  });

  it('enables row-level security on every table in public', async () => {
    const tables = await rows<{ relname: string; relrowsecurity: boolean }>(
      handle.db,
      sql`select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
    );
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((t) => !t.relrowsecurity).map((t) => t.relname)).toEqual([]);
  });

  describe('as role authenticated', () => {
    beforeAll(async () => {
      alice = await seedOwner(handle, 'alice');
      bob = await seedOwner(handle, 'bob');
    });

    it("sees the user's own rows and none of another user's (connectors through their charge point)", async () => {
      expect(await asRole(handle, 'authenticated', alice.userId, visibleIds)).toEqual(idsOf(alice));
      expect(await asRole(handle, 'authenticated', bob.userId, visibleIds)).toEqual(idsOf(bob));
    });

    it('sees nothing without claims, and role anon sees nothing', async () => {
      const nothing = { users: [], apiKeys: [], chargePoints: [], connectors: [] };
      expect(await asRole(handle, 'authenticated', null, visibleIds)).toEqual(nothing);
      expect(await asRole(handle, 'anon', alice.userId, visibleIds)).toEqual(nothing);
    });

    it('cannot insert, even rows it would own', async () => {
      const insertKey = asRole(handle, 'authenticated', alice.userId, (tx) =>
        tx.insert(apiKeys).values({ userId: alice.userId, name: 'sneaky', prefix: 'evc_sneaky00', keyHash: 'sneaky' }),
      );
      expect(await failureOf(insertKey)).toMatch(/row-level security/);
      const insertChargePoint = asRole(handle, 'authenticated', alice.userId, (tx) =>
        tx.insert(chargePoints).values({ ownerId: alice.userId, identity: 'sneaky', name: 'sneaky' }),
      );
      expect(await failureOf(insertChargePoint)).toMatch(/row-level security/);
    });

    it('cannot update or delete, not even its own rows', async () => {
      const changed = await asRole(handle, 'authenticated', alice.userId, async (tx) => ({
        promoted: await rows(tx, sql`update users set role = 'admin', api_tokens = 1000000 where id = ${alice.userId} returning id`),
        deletedKeys: await rows(tx, sql`delete from api_keys where user_id = ${alice.userId} returning id`),
        deletedChargePoints: await rows(tx, sql`delete from charge_points where owner_id = ${alice.userId} returning id`),
      }));
      expect(changed).toEqual({ promoted: [], deletedKeys: [], deletedChargePoints: [] });

      const [stored] = await rows<{ role: string; api_tokens: number }>(
        handle.db,
        sql`select role, api_tokens from users where id = ${alice.userId}`,
      );
      expect(stored).toEqual({ role: 'user', api_tokens: 0 });
      expect(await asRole(handle, 'authenticated', alice.userId, visibleIds)).toEqual(idsOf(alice));
    });
  });
}

describe('migrations and RLS on PGlite', () => {
  migrationAndRlsSuite(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-unit-'));
    const handle = await openDatabase(parseConfig({ DATA_DIR: dataDir }));
    return { handle, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describe.skipIf(!TEST_DATABASE_URL)('migrations and RLS on PostgreSQL (TEST_DATABASE_URL)', () => {
  migrationAndRlsSuite(async () => {
    const database: TestDatabase = await createTestDatabase(TEST_DATABASE_URL!);
    const handle = await openDatabase(parseConfig({ DATABASE_URL: database.url }));
    return { handle, cleanup: () => database.drop() };
  });
});
