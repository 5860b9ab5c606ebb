import 'server-only';

import type { Kysely } from 'kysely';

import type { Database } from '@/lib/db/schema';
import {
  listOpenAttemptsOfProfile,
  listSucceededAttemptsOfProfile,
  recordAttemptResolved,
  type AttemptRecord,
  type NewAttempt,
} from '@/lib/db/update-attempts';
import type { ProfileField } from '@/lib/shared/profile-fields';

/** The note of a failure that later saves made good; its page names and links the save. */
export const SUPERSEDED_NOTE = 'Fixed by a later update that set the same fields.';
/** The note of a failure whose retry saved; its page links the retry. */
export const RETRIED_NOTE = 'Sent again and saved.';

/**
 * The fields a succeeded attempt set at Attestr: those it changed, and those it asked for that
 * Attestr already held (a bulk line or a retry whose values were there: confirmed, not changed).
 */
export function fieldsSetBy(attempt: Pick<AttemptRecord, 'changedFields' | 'requested'>): Set<ProfileField> {
  const asked = (Object.keys(attempt.requested) as ProfileField[]).filter(
    (field) => typeof attempt.requested[field] === 'string',
  );
  return new Set([...attempt.changedFields, ...asked]);
}

/**
 * Whether later successes leave nothing of a failure to do: every field it wanted to change
 * was set by a succeeded attempt that began at or after it. A failure that changed no field
 * is never taken as covered.
 */
export function isCoveredBy(
  failure: Pick<AttemptRecord, 'id' | 'createdAt' | 'changedFields'>,
  successes: readonly AttemptRecord[],
): boolean {
  if (failure.changedFields.length === 0) return false;
  const set = new Set<ProfileField>();
  for (const success of successes) {
    if (success.id === failure.id || success.createdAt < failure.createdAt) continue;
    for (const field of fieldsSetBy(success)) set.add(field);
  }
  return failure.changedFields.every((field) => set.has(field));
}

/**
 * Closes the profile's open failures that a success just recorded completes: for each, every
 * field it wanted is now at Attestr with a value set at or after it. Resolved in the caller's
 * transaction, as the success's actor, naming the success: the failure it retried as 'retried',
 * any other as 'superseded'. A failure whose fields are only partly covered stays open.
 * Answers the ids it closed.
 */
export async function closeSupersededFailures(input: {
  db: Kysely<Database>;
  success: Pick<NewAttempt, 'id' | 'profileId' | 'actorId' | 'createdAt' | 'retryOf'>;
  at: number;
}): Promise<string[]> {
  const { db, success, at } = input;
  const open = (await listOpenAttemptsOfProfile({ profileId: success.profileId, upTo: success.createdAt, db })).filter(
    (failure) => failure.id !== success.id,
  );
  const oldest = open[0];
  if (!oldest) return [];
  const successes = await listSucceededAttemptsOfProfile({ profileId: success.profileId, since: oldest.createdAt, db });
  const closed: string[] = [];
  for (const failure of open) {
    if (!isCoveredBy(failure, successes)) continue;
    const retried = failure.id === success.retryOf;
    const recorded = await recordAttemptResolved({
      attemptId: failure.id,
      resolution: retried ? 'retried' : 'superseded',
      note: retried ? RETRIED_NOTE : SUPERSEDED_NOTE,
      by: success.actorId,
      at,
      resolvedByAttempt: success.id,
      db,
    });
    if (recorded) closed.push(failure.id);
  }
  return closed;
}
