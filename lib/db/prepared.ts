import 'server-only';

import type { Compilable, Kysely, QueryResult } from 'kysely';

/**
 * @deprecated Write the query with Kysely directly, in the table's file of queries. This only
 * builds the query with the call's values and executes it through Kysely, each time; it
 * remains so that the modules still written against it keep compiling.
 */
export function preparedQuery<D, K extends string, O>(
  _names: readonly K[],
  build: (db: Kysely<D>, values: Record<K, never>) => Compilable<O>,
): (database: { db: Kysely<D> }, values: Record<K, unknown>) => Promise<QueryResult<O>> {
  return ({ db }, values) => db.executeQuery(build(db, values as Record<K, never>).compile());
}
