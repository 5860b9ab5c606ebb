import 'server-only';

import { sql, type RawBuilder } from 'kysely';

import { getDatabase } from '@/lib/db/connection';

/**
 * How tries for one key are spaced. The first `freeFailures - 1` counted tries cost nothing;
 * from the `freeFailures`-th on, each one makes the next wait `firstWaitMs`, then twice as
 * long each time, up to `maxWaitMs`. The count starts again `windowMs` after its first try.
 */
export interface ThrottleRule {
  freeFailures: number;
  firstWaitMs: number;
  maxWaitMs: number;
  windowMs: number;
}

export type TryAnswer = { taken: true; failures: number } | { taken: false; retryAt: number };

/** The wait the `failures`-th counted try imposes on the next, in milliseconds. */
export function waitAfter(rule: ThrottleRule, failures: number): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.firstWaitMs * 2 ** (failures - rule.freeFailures), rule.maxWaitMs);
}

/** `now + waitAfter(rule, failures)` (null for no wait) as SQL, for a count computed in SQL. */
function nextTryAt(rule: ThrottleRule, failures: RawBuilder<number>, now: number): RawBuilder<number | null> {
  const steps: { from: number; wait: number }[] = [];
  for (let n = Math.max(rule.freeFailures, 1); ; n += 1) {
    const wait = waitAfter(rule, n);
    steps.unshift({ from: n, wait });
    if (wait >= rule.maxWaitMs) break;
  }
  const branches = steps.map((step) => sql`when ${failures} >= ${step.from} then cast(${now + step.wait} as bigint)`);
  return sql<number | null>`case ${sql.join(branches, sql` `)} else null end`;
}

/**
 * Counts a try for `key` before its password is checked, unless the key's wait is still
 * running: then nothing is counted and the answer says when the next try may come. One
 * atomic upsert, so that simultaneous tries (from several instances too) are each counted
 * and only as many as the rule allows get through.
 */
export async function takeTry(input: { key: string; now: number; rule: ThrottleRule }): Promise<TryAnswer> {
  const { db } = getDatabase();
  const { key, now, rule } = input;
  const windowStart = now - rule.windowMs;
  const firstWait = waitAfter(rule, 1);
  const stale = sql<boolean>`sign_in_throttle.window_started_at < ${windowStart}`;
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: firstWait > 0 ? now + firstWait : null })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else sign_in_throttle.failures + 1 end`,
          window_started_at: sql<number>`case when ${stale} then ${now} else sign_in_throttle.window_started_at end`,
          locked_until: sql<
            number | null
          >`case when ${stale} then cast(${firstWait > 0 ? now + firstWait : null} as bigint) else ${nextTryAt(
            rule,
            sql<number>`sign_in_throttle.failures + 1`,
            now,
          )} end`,
        })
        .where((eb) =>
          eb.or([eb('sign_in_throttle.locked_until', 'is', null), eb('sign_in_throttle.locked_until', '<=', now)]),
        ),
    )
    .returning('failures')
    .executeTakeFirst();
  if (row) return { taken: true, failures: row.failures };
  const locked = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  // Another try may have cleared the key in between: the caller may simply try again.
  return { taken: false, retryAt: Math.max(Number(locked?.locked_until ?? now), now) };
}

/**
 * Takes back one counted try (one whose password turned out right, or was never checked),
 * and the wait it brought on when the count drops below the rule's free tries. Atomic.
 */
export async function refundTry(input: { key: string; rule: ThrottleRule }): Promise<void> {
  const { db } = getDatabase();
  await db
    .updateTable('sign_in_throttle')
    .set({
      failures: sql<number>`case when failures > 0 then failures - 1 else 0 end`,
      locked_until: sql<
        number | null
      >`case when failures - 1 < ${input.rule.freeFailures} then null else locked_until end`,
    })
    .where('key', '=', input.key)
    .execute();
}

/** Forgets a key's count and wait: after a successful sign-in, or a password set by an administrator. */
export async function clearFailures(key: string): Promise<void> {
  const { db } = getDatabase();
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}

/** The key an account's tries are counted under. */
export function emailThrottleKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}
