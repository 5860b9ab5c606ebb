import 'server-only';

import { getDatabase } from '@/lib/db/connection';

/** Notes that a person has just signed in. */
export async function recordSignIn(input: { userId: string; at: number }): Promise<void> {
  await getDatabase()
    .db.insertInto('user_last_sign_in')
    .values({ user_id: input.userId, signed_in_at: input.at })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ signed_in_at: input.at }))
    .execute();
}

/**
 * When each person last signed in, in Unix milliseconds: the latest sign-in recorded, or the
 * start of their latest session still kept (one from before sign-ins were recorded); a person
 * with neither is left out.
 */
export async function listLastSignIns(): Promise<Map<string, number>> {
  const { db } = getDatabase();
  const [recorded, sessions] = await Promise.all([
    db.selectFrom('user_last_sign_in').select(['user_id', 'signed_in_at']).execute(),
    db
      .selectFrom('session')
      .select(['userId', (eb) => eb.fn.max('createdAt').as('latest')])
      .groupBy('userId')
      .execute(),
  ]);
  const last = new Map<string, number>();
  const note = (userId: string, at: number) => {
    if (Number.isFinite(at) && at > (last.get(userId) ?? -Infinity)) last.set(userId, at);
  };
  for (const row of recorded) note(row.user_id, Number(row.signed_in_at));
  for (const row of sessions) if (row.latest !== null) note(row.userId, new Date(row.latest).getTime());
  return last;
}
