import 'server-only';

import { getDatabase, isPoolTimeout } from '@/lib/db/connection';

/** Another holder kept the lock past the wait given: the work was not run. */
export class LockWaitTimeoutError extends Error {
  constructor() {
    super('The lock was not had in time');
    this.name = 'LockWaitTimeoutError';
  }
}

/**
 * Runs `work` while this process holds PostgreSQL's session-level advisory lock on `key`, so
 * instances sharing the database take turns. The lock is held on a connection of the lock pool
 * (lib/db/connection.ts), never of the main pool, and `work` draws its queries from the main
 * pool: holding a main connection while asking the same pool for another is how ten holders
 * once waited on each other for ever. Waiting for a lock connection and for the lock itself is
 * bounded by `waitMs` (PostgreSQL's lock_timeout), after which LockWaitTimeoutError is thrown and
 * `work` never runs. A holder that dies releases the lock with its connection. On SQLite (one
 * process's file) `work` simply runs.
 */
export async function withAdvisoryLock<T>(input: { key: string; waitMs: number }, work: () => Promise<T>): Promise<T> {
  const handle = getDatabase();
  if (handle.engine !== 'postgres') return work();
  const started = Date.now();
  const client = await handle
    .lockPool()
    .connect()
    .catch((error: unknown) => {
      throw isPoolTimeout(error) ? new LockWaitTimeoutError() : error;
    });
  let broken: Error | undefined;
  try {
    const left = Math.max(1, input.waitMs - (Date.now() - started));
    try {
      // Set for this statement's transaction alone, so a pooled connection keeps no setting.
      await client.query('begin');
      await client.query(`select set_config('lock_timeout', $1, true)`, [`${left}ms`]);
      await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [input.key]);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      // 55P03: lock_not_available, the lock_timeout ran out.
      if ((error as { code?: unknown }).code === '55P03') throw new LockWaitTimeoutError();
      throw error;
    }
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [input.key]).catch((error: Error) => {
        // A connection that cannot unlock is closed instead, which releases the lock.
        broken = error;
      });
    }
  } finally {
    client.release(broken);
  }
}
