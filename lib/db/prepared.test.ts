import { sql, type Generated, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { openDatabase, type DatabaseHandle } from '@/lib/db/connection';
import { preparedQuery } from '@/lib/db/prepared';
import { createPostgresDatabase, describeEachEngine, type PostgresTestDatabase } from '@/lib/test/postgres';

interface Tables {
  note: { id: Generated<number>; owner: string; body: string; state: string; archived_at: number | null };
}

const addNote = preparedQuery(['owner', 'body'] as const, (db: Kysely<Tables>, v) =>
  db.insertInto('note').values({ owner: v.owner, body: v.body, state: 'open', archived_at: null }),
);
const notesOf = preparedQuery(['owner'] as const, (db: Kysely<Tables>, v) =>
  db.selectFrom('note').select(['body', 'state', 'archived_at']).where('owner', '=', v.owner).orderBy('id'),
);

describeEachEngine('prepared queries', (engine) => {
  let postgres: PostgresTestDatabase | undefined;
  let db: Kysely<Tables>;
  let database: Omit<DatabaseHandle, 'db'> & { db: Kysely<Tables> };

  beforeAll(async () => {
    if (engine === 'postgres') postgres = await createPostgresDatabase();
    const handle = openDatabase({ databaseUrl: postgres?.url });
    db = handle.db as unknown as Kysely<Tables>;
    database = { ...handle, db };
    const id = engine === 'postgres' ? sql`serial primary key` : sql`integer primary key`;
    await sql`create table note (id ${id}, owner text not null, body text not null, state text not null, archived_at bigint)`.execute(
      db,
    );
  });
  afterAll(async () => {
    await db?.destroy();
    await postgres?.drop();
  });
  beforeEach(() => sql`delete from note`.execute(db));

  it('runs with the values of each call, keeping the constants written in the query', async () => {
    await addNote(database, { owner: 'ana', body: 'first' });
    await addNote(database, { owner: 'ben', body: 'other' });
    await addNote(database, { owner: 'ana', body: "it's second; drop table note" });

    expect((await notesOf(database, { owner: 'ana' })).rows).toEqual([
      { body: 'first', state: 'open', archived_at: null },
      { body: "it's second; drop table note", state: 'open', archived_at: null },
    ]);
    expect((await notesOf(database, { owner: 'nobody' })).rows).toEqual([]);
  });

  it('never runs inside a transaction that is open on the connection meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedInTransaction = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('note')
          .values({ owner: 'ana', body: 'in the transaction', state: 'open', archived_at: null })
          .execute();
        inserted();
        await gate;
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);

    await insertedInTransaction;
    const outside = addNote(database, { owner: 'ana', body: 'outside it' });
    release();
    expect(await rolledBack).toBe('roll back');
    await outside;

    expect((await notesOf(database, { owner: 'ana' })).rows.map((row) => row.body)).toEqual(['outside it']);
  });
});
