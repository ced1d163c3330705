import type { Query, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
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
  return async (values: Values, db?: Db | Tx): Promise<Row[]> => {
    query ??= dialect.sqlToQuery(build());
    const { session } = (db ?? (await getDb()))._;
    return resultRows<Row>(await session.prepareQuery(query, undefined, undefined, false).execute(values));
  };
}
