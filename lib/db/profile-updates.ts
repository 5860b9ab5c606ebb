import 'server-only';

import type { Kysely } from 'kysely';

import { getDatabase } from '@/lib/db/connection';
import { preparedQuery } from '@/lib/db/prepared';
import type { Database } from '@/lib/db/schema';
import { timeOrderedId } from '@/lib/db/time-ordered-id';

const insertPending = preparedQuery(
  ['id', 'profileId', 'userId', 'fields', 'createdAt'] as const,
  (db: Kysely<Database>, v) =>
    db.insertInto('profile_update').values({
      id: v.id,
      profile_id: v.profileId,
      user_id: v.userId,
      fields: v.fields,
      status: 'pending',
      error_source: null,
      error_code: null,
      tracing_id: null,
      created_at: v.createdAt,
      finished_at: null,
    }),
);

const updateOutcome = preparedQuery(
  ['id', 'status', 'errorSource', 'errorCode', 'tracingId', 'finishedAt'] as const,
  (db: Kysely<Database>, v) =>
    db
      .updateTable('profile_update')
      .set({
        status: v.status,
        error_source: v.errorSource,
        error_code: v.errorCode,
        tracing_id: v.tracingId,
        finished_at: v.finishedAt,
      })
      .where('id', '=', v.id),
);

/**
 * Every update is written down before it is sent, and its outcome after: a failed update is
 * kept, and one interrupted by a crash stays 'pending', with the body needed to send it again.
 */
export async function recordUpdateStarted(input: {
  profileId: string;
  userId: string;
  fields: object;
  now?: number;
}): Promise<string> {
  const now = input.now ?? Date.now();
  const id = timeOrderedId(now);
  await insertPending(getDatabase(), {
    id,
    profileId: input.profileId,
    userId: input.userId,
    fields: JSON.stringify(input.fields),
    createdAt: now,
  });
  return id;
}

export async function recordUpdateFinished(input: {
  id: string;
  outcome:
    | { status: 'succeeded'; tracingId?: string }
    | { status: 'failed'; source: string; code: string; tracingId?: string };
}): Promise<void> {
  const { outcome } = input;
  await updateOutcome(getDatabase(), {
    id: input.id,
    status: outcome.status,
    errorSource: outcome.status === 'failed' ? outcome.source : null,
    errorCode: outcome.status === 'failed' ? outcome.code : null,
    tracingId: outcome.tracingId ?? null,
    finishedAt: Date.now(),
  });
}

export async function listProfileUpdates(input: { profileId?: string; status?: string; limit?: number }) {
  let query = getDatabase().db.selectFrom('profile_update').selectAll().orderBy('created_at', 'desc');
  if (input.profileId) query = query.where('profile_id', '=', input.profileId);
  if (input.status) query = query.where('status', '=', input.status as 'pending' | 'succeeded' | 'failed');
  return query.limit(input.limit ?? 50).execute();
}
