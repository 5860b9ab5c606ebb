import { sql, type Generated, type Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { openDatabase } from '@/lib/db/connection';

interface Tables {
  item: { id: Generated<number>; label: string };
}

let db: Kysely<Tables>;

beforeEach(async () => {
  db = openDatabase({}).db as unknown as Kysely<Tables>;
  await sql`create table item (id integer primary key, label text not null)`.execute(db);
  for (const label of ['a', 'b', 'c']) await db.insertInto('item').values({ label }).execute();
});
afterEach(() => db.destroy());

const labelOf = (id: number) => db.selectFrom('item').select('label').where('id', '=', id).executeTakeFirst();

it('runs a query again with new values, and sees what was written in between', async () => {
  expect(await labelOf(1)).toEqual({ label: 'a' });
  expect(await labelOf(2)).toEqual({ label: 'b' });
  await db.updateTable('item').set({ label: 'B' }).where('id', '=', 2).execute();
  expect(await labelOf(2)).toEqual({ label: 'B' });
});

it('sees a column added after the same query already ran', async () => {
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
});

it('turns foreign keys on', async () => {
  await sql`create table tag (item_id integer not null references item (id))`.execute(db);
  await expect(sql`insert into tag (item_id) values (99)`.execute(db)).rejects.toThrow(/FOREIGN KEY/);
});
