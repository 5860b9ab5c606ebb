import 'server-only';

import { sql, type Kysely } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import type { Database } from '@/lib/db/schema';

/** The tail of each profile's queue of saves in this process. */
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after every earlier call for the same key in this process has ended. */
async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const turn = previous.then(work, work);
  const tail = turn.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await turn;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/**
 * Runs one save of a profile at a time: read, check, update and read back must not interleave
 * with another save of the same profile, or one of them would overwrite the other unseen
 * (Attestr has no version check of its own). In this process saves queue per profile; on
 * PostgreSQL, instances sharing the database also take turns, behind an advisory lock held on
 * one connection, and `work` gets that connection so that the save needs no second one.
 * SQLite is one process's file, so the queue is enough there.
 */
export function withProfileLock<T>(profileId: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  return inTurn(profileId, async () => {
    const { db, engine } = getDatabase();
    if (engine !== 'postgres') return work(db);
    const key = `attestr-profile:${profileId}`;
    return db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(connection);
      try {
        return await work(connection);
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
      }
    });
  });
}
