import 'server-only';

import { sql } from 'kysely';

import { getDatabase } from '@/lib/db/connection';

export interface ThrottleRule {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** The time until which a key is locked, or null. */
export async function getLockedUntil(input: { keys: string[]; now: number }): Promise<number | null> {
  if (input.keys.length === 0) return null;
  const { db } = getDatabase();
  const row = await db
    .selectFrom('sign_in_throttle')
    .select((eb) => eb.fn.max('locked_until').as('locked_until'))
    .where('key', 'in', input.keys)
    .where('locked_until', '>', input.now)
    .executeTakeFirst();
  return row?.locked_until == null ? null : Number(row.locked_until);
}

/**
 * Counts a failure atomically (one upsert, safe across instances sharing a database) and
 * locks the key once it reaches the rule's limit within the window. Returns the count.
 */
export async function recordFailure(input: { key: string; now: number; rule: ThrottleRule }): Promise<number> {
  const { db } = getDatabase();
  const { key, now, rule } = input;
  const windowStart = now - rule.windowMs;
  const row = await db
    .insertInto('sign_in_throttle')
    .values({
      key,
      failures: 1,
      window_started_at: now,
      locked_until: rule.maxFailures <= 1 ? now + rule.lockMs : null,
    })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: sql<number>`case when sign_in_throttle.window_started_at < ${windowStart} then 1 else sign_in_throttle.failures + 1 end`,
        window_started_at: sql<number>`case when sign_in_throttle.window_started_at < ${windowStart} then ${now} else sign_in_throttle.window_started_at end`,
        locked_until: sql<
          number | null
        >`case when sign_in_throttle.window_started_at >= ${windowStart} and sign_in_throttle.failures + 1 >= ${rule.maxFailures} then ${now + rule.lockMs} else sign_in_throttle.locked_until end`,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

/**
 * Takes back one counted try (one that turned out to be a success), and the lock that this
 * try alone brought on. Atomic like recordFailure.
 */
export async function refundFailure(input: { key: string; rule: ThrottleRule }): Promise<void> {
  const { db } = getDatabase();
  await db
    .updateTable('sign_in_throttle')
    .set({
      failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
      locked_until: sql<
        number | null
      >`case when failures - 1 < ${input.rule.maxFailures} then null else locked_until end`,
    })
    .where('key', '=', input.key)
    .execute();
}

export async function clearFailures(key: string): Promise<void> {
  const { db } = getDatabase();
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
