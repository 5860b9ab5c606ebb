import 'server-only';

import { randomUUID } from 'node:crypto';

import { getDatabase } from '@/lib/db/connection';

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
  const id = randomUUID();
  await getDatabase()
    .db.insertInto('profile_update')
    .values({
      id,
      profile_id: input.profileId,
      user_id: input.userId,
      fields: JSON.stringify(input.fields),
      status: 'pending',
      error_source: null,
      error_code: null,
      tracing_id: null,
      created_at: input.now ?? Date.now(),
      finished_at: null,
    })
    .execute();
  return id;
}

export async function recordUpdateFinished(input: {
  id: string;
  outcome:
    | { status: 'succeeded'; tracingId?: string }
    | { status: 'failed'; source: string; code: string; tracingId?: string };
}): Promise<void> {
  const { outcome } = input;
  await getDatabase()
    .db.updateTable('profile_update')
    .set({
      status: outcome.status,
      error_source: outcome.status === 'failed' ? outcome.source : null,
      error_code: outcome.status === 'failed' ? outcome.code : null,
      tracing_id: outcome.tracingId ?? null,
      finished_at: Date.now(),
    })
    .where('id', '=', input.id)
    .execute();
}

export async function listProfileUpdates(input: { profileId?: string; status?: string; limit?: number }) {
  let query = getDatabase().db.selectFrom('profile_update').selectAll().orderBy('created_at', 'desc');
  if (input.profileId) query = query.where('profile_id', '=', input.profileId);
  if (input.status) query = query.where('status', '=', input.status as 'pending' | 'succeeded' | 'failed');
  return query.limit(input.limit ?? 50).execute();
}
