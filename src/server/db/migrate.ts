import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { resultRows, type DatabaseHandle } from './client';

// Read at run time from the project folder, never bundled.
const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'supabase', 'migrations');
const BOOTSTRAP_FILE = path.join(/*turbopackIgnore: true*/ process.cwd(), 'supabase', 'local-bootstrap.sql');
const MIGRATION_FILE = /^(\d{14})_(.+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  statements: string[];
}

const splitStatements = (text: string) =>
  text
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .filter(Boolean);

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => a[1].localeCompare(b[1]))
    .map(([file, version, name]) => ({
      version,
      name,
      statements: splitStatements(fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), 'utf8')),
    }));
}

/**
 * Supabase provides the `auth` schema and the API roles; plain PostgreSQL and
 * PGlite get a small stand-in. A real Supabase database (auth.users present
 * without our marker) is left alone.
 */
async function bootstrapSupabaseShim(handle: DatabaseHandle): Promise<void> {
  const [found] = resultRows<{ has_users: boolean; is_shim: boolean }>(
    await handle.db.execute(sql`
      select to_regclass('auth.users') is not null as has_users,
             to_regclass('auth.evconduit_shim') is not null as is_shim`),
  );
  if (found.has_users && !found.is_shim) return;
  await handle.execScript(splitStatements(fs.readFileSync(BOOTSTRAP_FILE, 'utf8')).join(';\n'));
}

/**
 * Applies pending migrations in order, each in its own transaction, recording
 * them where the Supabase CLI does, so `supabase db push` and this agree.
 * Safe to run from several processes at once (advisory lock). Returns the
 * versions it applied.
 */
export async function migrate(handle: DatabaseHandle, migrations = readMigrations()): Promise<string[]> {
  await bootstrapSupabaseShim(handle);
  await handle.execScript(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text);`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('evconduit.migrations'))`);
      const existing = await tx.execute(
        sql`select 1 from supabase_migrations.schema_migrations where version = ${migration.version}`,
      );
      if (rowCount(existing) > 0) return false;
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into supabase_migrations.schema_migrations (version, name, statements)
        values (${migration.version}, ${migration.name},
                array(select jsonb_array_elements_text(${JSON.stringify(migration.statements)}::jsonb)))`);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** Versions not yet applied (for /api/ready). */
export async function pendingMigrations(handle: DatabaseHandle, migrations = readMigrations()): Promise<string[]> {
  try {
    const result = await handle.db.execute<{ version: string }>(
      sql`select version from supabase_migrations.schema_migrations`,
    );
    const done = new Set(resultRows<{ version: string }>(result).map((r) => r.version));
    return migrations.map((m) => m.version).filter((v) => !done.has(v));
  } catch {
    return migrations.map((m) => m.version);
  }
}

const rowCount = (result: unknown) => resultRows(result).length;
