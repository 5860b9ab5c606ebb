import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { withStatementCache } from '@/lib/db/connection';

interface Tables {
  item: { id: Generated<number>; label: string };
}

let sqlite: SQLite.Database;
let prepare: ReturnType<typeof vi.spyOn>;
let db: Kysely<Tables>;

beforeEach(async () => {
  sqlite = new SQLite(':memory:');
  prepare = vi.spyOn(sqlite, 'prepare');
  db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, 3) }) });
  await sql`create table item (id integer primary key, label text not null)`.execute(db);
  for (const label of ['a', 'b', 'c']) await db.insertInto('item').values({ label }).execute();
  prepare.mockClear();
});
afterEach(() => db.destroy());

const labelOf = (id: number) => db.selectFrom('item').select('label').where('id', '=', id).executeTakeFirst();

it('prepares a query once and runs it again with new values', async () => {
  expect(await labelOf(1)).toEqual({ label: 'a' });
  expect(await labelOf(2)).toEqual({ label: 'b' });
  await db.updateTable('item').set({ label: 'B' }).where('id', '=', 2).execute();
  expect(await labelOf(2)).toEqual({ label: 'B' });

  expect(prepare).toHaveBeenCalledTimes(2);
});

it('sees a column added after a statement was cached', async () => {
  expect(await db.selectFrom('item').selectAll().where('id', '=', 1).executeTakeFirst()).toEqual({ id: 1, label: 'a' });
  await sql`alter table item add column note text`.execute(db);

  expect(await db.selectFrom('item').selectAll().where('id', '=', 1).executeTakeFirst()).toEqual({
    id: 1,
    label: 'a',
    note: null,
  });
});

it('runs a query again after a stream of it was left half read', async () => {
  const query = () => db.selectFrom('item').select('label').orderBy('id');
  for await (const row of query().stream()) {
    expect(row.label).toBe('a');
    break;
  }
  expect((await query().execute()).map((row) => row.label)).toEqual(['a', 'b', 'c']);
  expect(prepare).toHaveBeenCalledTimes(1);
});

it('keeps a bounded number of statements, forgetting the oldest', async () => {
  for (const id of [1, 2, 3])
    await db
      .selectFrom('item')
      .select(sql<number>`${sql.raw(String(id))}`.as('n'))
      .execute();
  await db
    .selectFrom('item')
    .select(sql<number>`4`.as('n'))
    .execute(); // a fourth text pushes out the first
  expect(prepare).toHaveBeenCalledTimes(4);

  await db
    .selectFrom('item')
    .select(sql<number>`2`.as('n'))
    .execute(); // still cached
  expect(prepare).toHaveBeenCalledTimes(4);
  await db
    .selectFrom('item')
    .select(sql<number>`1`.as('n'))
    .execute(); // forgotten: prepared again
  expect(prepare).toHaveBeenCalledTimes(5);
});
