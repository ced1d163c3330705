/**
 * What autovacuum does on PostgreSQL, for the embedded database. PGlite runs
 * Postgres as a single process, where autovacuum never runs: the planner kept
 * the statistics of a table's first minutes (an empty table) for ever, and
 * dead rows were never reclaimed. With 10,000 charge points the incident
 * scan's anti-join ran as a nested loop in 2.7 s instead of 15 ms after
 * ANALYZE, every scan, and held the database thread for everyone.
 *
 * The same thresholds as autovacuum's defaults, from the same counters
 * (pg_stat_user_tables); one table per statement, so other statements run
 * between them. On PostgreSQL the server's autovacuum does it: no job.
 */
import { sql } from 'drizzle-orm';
import type { AppConfig } from '@/server/config';
import { getDb, resultRows } from '@/server/db/client';
import { getLogger } from '@/server/observability/logger';
import type { PeriodicJob } from '@/server/system/jobs';

const INTERVAL_MS = 60_000;

/** autovacuum's defaults (PostgreSQL: "The Autovacuum Daemon"). */
const ANALYZE = { threshold: 50, scale: 0.1 };
const VACUUM_DEAD = { threshold: 50, scale: 0.2 };
const VACUUM_INSERTED = { threshold: 1000, scale: 0.2 };

export interface TableCounters {
  schema: string;
  table: string;
  live: number;
  dead: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

export interface UpkeepStep {
  schema: string;
  table: string;
  /** VACUUM (ANALYZE) when true, else ANALYZE alone. */
  vacuum: boolean;
}

const over = (count: number, live: number, limit: { threshold: number; scale: number }) => count > limit.threshold + limit.scale * live;

/** The tables autovacuum would vacuum or analyze now, from their counters. */
export function upkeepSteps(tables: TableCounters[]): UpkeepStep[] {
  return tables.flatMap(({ schema, table, live, dead, modifiedSinceAnalyze, insertedSinceVacuum }) => {
    const vacuum = over(dead, live, VACUUM_DEAD) || over(insertedSinceVacuum, live, VACUUM_INSERTED);
    return vacuum || over(modifiedSinceAnalyze, live, ANALYZE) ? [{ schema, table, vacuum }] : [];
  });
}

/** Vacuums and analyzes the tables that need it now; returns what it did. */
export async function upkeepTables(): Promise<UpkeepStep[]> {
  const db = await getDb();
  // A single-process Postgres publishes its counters only when asked to: they reach the view after this statement.
  await db.execute(sql`select pg_stat_force_next_flush()`);
  const counters = resultRows<TableCounters>(
    await db.execute(sql`
      select schemaname as "schema", relname as "table", n_live_tup::float8 as "live", n_dead_tup::float8 as "dead",
             n_mod_since_analyze::float8 as "modifiedSinceAnalyze", n_ins_since_vacuum::float8 as "insertedSinceVacuum"
      from pg_stat_user_tables`),
  );
  const steps = upkeepSteps(counters);
  for (const step of steps) {
    const table = sql`${sql.identifier(step.schema)}.${sql.identifier(step.table)}`;
    await db.execute(step.vacuum ? sql`vacuum (analyze) ${table}` : sql`analyze ${table}`);
  }
  return steps;
}

/** Every minute, with PGlite only (src/server/system/jobs.ts). */
export function tableUpkeepJob(config: AppConfig): PeriodicJob | undefined {
  if (config.database.kind !== 'pglite') return undefined;
  return {
    name: 'embedded database upkeep',
    intervalMs: INTERVAL_MS,
    async run() {
      const steps = await upkeepTables();
      if (steps.length > 0) getLogger().debug({ steps }, 'embedded database tables vacuumed or analyzed');
    },
  };
}
