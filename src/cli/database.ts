import { isNull, sql } from 'drizzle-orm';
import { getConfig } from '@/server/config';
import type { Db } from '@/server/db/client';
import { migrate, pendingMigrations, readMigrations } from '@/server/db/migrate';
import { apiKeys, chargePoints, users } from '@/server/db/schema';
import type { Command } from './command';

/** Where the data lives, without credentials. */
function databaseLocation(): string {
  const { database } = getConfig();
  if (database.kind === 'pglite') return database.dir;
  const url = new URL(database.url);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

async function countRows(db: Db) {
  const total = { n: sql<number>`count(*)::int` };
  const [[usersCount], [keysCount], [chargePointsCount]] = await Promise.all([
    db.select(total).from(users),
    db.select(total).from(apiKeys).where(isNull(apiKeys.revokedAt)),
    db.select(total).from(chargePoints),
  ]);
  return { users: usersCount.n, api_keys: keysCount.n, charge_points: chargePointsCount.n };
}

/** Read-only on purpose: it shows pending migrations rather than applying them. */
export const status: Command<undefined> = {
  name: 'status',
  summary: 'Show the database, its migrations and how many accounts, keys and charge points exist',
  usage: '',
  example: 'npm run cli -- status',
  options: {},
  migrateFirst: false,
  validate: () => undefined,
  async run(_input, handle) {
    const known = readMigrations();
    const pending = await pendingMigrations(handle, known);
    // Every table counted here exists once the first migration is in.
    const counts = pending.length < known.length ? await countRows(handle.db) : null;
    const json = {
      database: { driver: handle.kind, location: databaseLocation() },
      auth_mode: getConfig().auth.mode,
      migrations: { applied: known.length - pending.length, pending },
      counts,
    };
    const driverName = handle.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
    const text = [
      `Database:    ${driverName} at ${json.database.location}`,
      `Auth mode:   ${json.auth_mode}`,
      `Migrations:  ${json.migrations.applied} applied, ${pending.length} pending${pending.length > 0 ? ` (${pending.join(', ')}); run: npm run db:migrate` : ''}`,
      counts
        ? `Contents:    ${count(counts.users, 'user')}, ${count(counts.api_keys, 'API key')}, ${count(counts.charge_points, 'charge point')}`
        : 'Contents:    none yet (no migration applied)',
    ].join('\n');
    return { json, text };
  },
};

export const dbMigrate: Command<undefined> = {
  name: 'db:migrate',
  summary: 'Apply pending database migrations (the server also does this at start-up)',
  usage: '',
  example: 'npm run db:migrate',
  options: {},
  migrateFirst: false,
  validate: () => undefined,
  async run(_input, handle) {
    const applied = await migrate(handle);
    return {
      json: { applied },
      text: applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.` : 'The database is up to date.',
    };
  },
};
