import 'server-only';

import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

import type { ImmediateRunner } from '@/lib/db/connection';

/** Marks a stand-in value; no real value starts with a NUL character. */
const STAND_IN = '\u0000value:';

interface Compiled<O, K> {
  query: CompiledQuery<O>;
  /** For each parameter of the SQL text: the named value it takes, or null for a constant. */
  slots: (K | null)[];
}

/**
 * A query that Kysely builds once per database and then runs with new values. Building a
 * query (the operation tree, then the SQL text) costs more than SQLite takes to run a small
 * one, and an update sends three per request. On SQLite it runs at once through the
 * database's `runNow` when no transaction is open. `build` gets a stand-in for each named value
 * and must pass each one to Kysely as a value (never through `sql.raw` or `sql.lit`), so
 * that each becomes a parameter of the SQL text.
 */
export function preparedQuery<D, K extends string, O>(
  names: readonly K[],
  build: (db: Kysely<D>, values: Record<K, never>) => Compilable<O>,
): (database: { db: Kysely<D>; runNow?: ImmediateRunner }, values: Record<K, unknown>) => Promise<QueryResult<O>> {
  const compiledFor = new WeakMap<Kysely<D>, Compiled<O, K>>();

  function compile(db: Kysely<D>): Compiled<O, K> {
    const standIns = Object.fromEntries(names.map((name) => [name, `${STAND_IN}${name}`])) as Record<K, never>;
    const query = build(db, standIns).compile();
    const slots = query.parameters.map((parameter) =>
      typeof parameter === 'string' && parameter.startsWith(STAND_IN) ? (parameter.slice(STAND_IN.length) as K) : null,
    );
    const missing = names.filter((name) => !slots.includes(name));
    if (missing.length > 0) throw new Error(`Not parameters of the prepared query: ${missing.join(', ')}`);
    return { query, slots };
  }

  return async ({ db, runNow }, values) => {
    let compiled = compiledFor.get(db);
    if (!compiled) {
      compiled = compile(db);
      compiledFor.set(db, compiled);
    }
    const { query, slots } = compiled;
    const parameters = slots.map((slot, index) => (slot === null ? query.parameters[index] : values[slot]));
    const now = runNow?.(query.sql, parameters) as QueryResult<O> | undefined;
    return now ?? db.executeQuery({ ...query, parameters });
  };
}
