import type { Query, SQL } from 'drizzle-orm';
import { PgDialect, type PgPreparedQuery, type PreparedQueryConfig } from 'drizzle-orm/pg-core';
import { getDb, resultRows, type Db, type Tx } from './client';

const dialect = new PgDialect();

/**
 * A statement whose SQL text is built once, for what charge points send many
 * times a second. Drizzle otherwise rebuilds a statement's text on every run,
 * walking every chunk of it: at 1,000 OCPP messages/s that walk took a third
 * of the main thread. Values go in by name through `sql.placeholder(name)`,
 * so nothing in `build` may depend on them.
 */
export function preparedStatement<Values extends Record<string, unknown>, Row = Record<string, unknown>>(build: () => SQL) {
  let query: Query | undefined;
  // One prepared query per session (the database's, or a transaction's), reused for every run.
  // A name makes postgres.js prepare the statement on each connection once (PostgreSQL then parses and
  // plans it once, not on every run: that was half to two thirds of its CPU under OCPP load); the PGlite
  // thread prepares every statement by itself. `?prepare=false` on DATABASE_URL turns it off for poolers
  // in transaction mode, which cannot keep a prepared statement.
  const bySession = new WeakMap<object, PgPreparedQuery<PreparedQueryConfig>>();
  return async (values: Values, db?: Db | Tx): Promise<Row[]> => {
    query ??= dialect.sqlToQuery(build());
    const { session } = (db ?? (await getDb()))._;
    let prepared = bySession.get(session);
    if (!prepared) bySession.set(session, (prepared = session.prepareQuery(query, undefined, 'prepared', false)));
    return resultRows<Row>(await prepared.execute(values));
  };
}
