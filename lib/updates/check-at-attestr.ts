import 'server-only';

import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import { findAttempt, findAttemptReview, markAttemptInterrupted, recordAttemptChecked } from '@/lib/db/update-attempts';
import { getLogger } from '@/lib/log';
import { noteProfileSeen } from '@/lib/profiles/profile-index-notes';
import { can } from '@/lib/shared/permissions';
import { sameValue } from '@/lib/profiles/same-value';
import { toFormValues, type ProfileField } from '@/lib/shared/profile-fields';
import { UpdateError } from '@/lib/updates/errors';
import { profileTurnDeadline, withProfileLock } from '@/lib/updates/lock';
import { isOverdue } from '@/lib/updates/recover';
import { mayViewAttempt } from '@/lib/audit/scope';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import type { Actor } from '@/lib/updates/save';

export interface CheckAttemptResult {
  attemptId: string;
  profileId: string;
  /** The change is there, is not (Attestr holds what it held before), or something else is. */
  settled: 'succeeded' | 'failed' | 'conflict';
  before: ProfileValues | null;
  sent: ProfileValues | null;
  held: ProfileValues;
  changed: ProfileField[];
  checkedAt: number;
  tracingId: string | undefined;
}

/**
 * What Attestr holds against what an attempt sent, in the fields the person changed. An
 * update that timed out is never sent again blindly: if Attestr holds what was sent, it
 * succeeded; if it holds the values from before, it was not applied and may be sent again;
 * anything else is someone else's change, for a person to look at.
 */
function outcomeAtAttestr(input: {
  changed: readonly ProfileField[];
  before: Partial<ProfileValues> | null;
  sent: Partial<ProfileValues>;
  held: ProfileValues;
}): CheckAttemptResult['settled'] {
  const { changed, before, sent, held } = input;
  const holds = (values: Partial<ProfileValues> | null) =>
    values !== null && changed.every((field) => sameValue(field, held[field], values[field] ?? ''));
  if (holds(sent)) return 'succeeded';
  if (holds(before)) return 'failed';
  return 'conflict';
}

/**
 * Checks at Attestr an attempt whose outcome is unknown (it timed out or the console stopped
 * mid-way) and records what was found beside it; the attempt itself is never changed. The
 * person who made the attempt, and whoever may retry updates, may check it; one the person may
 * not see (`attemptScope`) is not found, like an id that does not exist, so ids cannot be probed.
 */
export async function checkAttemptAtAttestr(input: { actor: Actor; attemptId: string }): Promise<CheckAttemptResult> {
  const attempt = await findAttempt({ id: input.attemptId });
  if (!attempt || !mayViewAttempt(input.actor, attempt)) {
    throw new UpdateError({ kind: 'not_found', code: 'ATTEMPT_NOT_FOUND', attemptId: input.attemptId });
  }
  if (attempt.actorId !== input.actor.userId && !can(input.actor.role, 'update:retry')) {
    throw new UpdateError({ kind: 'refused', code: 'FORBIDDEN', attemptId: attempt.id });
  }
  return withProfileLock({ profileId: attempt.profileId, deadline: profileTurnDeadline() }, async () => {
    let held: ProfileValues;
    let tracingId: string | undefined;
    try {
      const current = await noteProfileSeen({
        profile: await (await getAttestrClient()).getProfile(attempt.profileId),
      });
      held = toFormValues(current);
      tracingId = current.tracingId;
    } catch (error) {
      if (error instanceof AttestrError)
        throw new UpdateError({ kind: 'failed', attemptId: attempt.id, attestr: error });
      throw error;
    }
    const checkedAt = Date.now();
    const settled =
      attempt.outcome === 'succeeded'
        ? 'succeeded'
        : outcomeAtAttestr({
            changed: attempt.changedFields,
            before: attempt.before,
            sent: attempt.sent ?? attempt.requested,
            held,
          });
    // Only an uncertain outcome is settled by a check; a known one stays as it was recorded.
    if (attempt.outcome === 'unknown' || attempt.outcome === 'pending') {
      // An update still in progress long after its answer was due is taken for interrupted, so
      // that what the check found can be acted on (sent again, resolved). Should its answer come
      // after all, it replaces the mark.
      if (attempt.outcome === 'pending' && isOverdue(attempt, checkedAt)) {
        await markAttemptInterrupted({ id: attempt.id, now: checkedAt });
      }
      const review = await findAttemptReview({ attemptId: attempt.id });
      if (review?.settledOutcome !== 'succeeded') {
        await recordAttemptChecked({
          attemptId: attempt.id,
          settledOutcome: settled,
          values: held,
          by: input.actor.userId,
          at: checkedAt,
        });
      }
      getLogger().info(
        { event: 'update.checked', attemptId: attempt.id, profileId: attempt.profileId, settled },
        'update checked',
      );
    }
    return {
      attemptId: attempt.id,
      profileId: attempt.profileId,
      settled,
      before: attempt.before,
      sent: attempt.sent,
      held,
      changed: attempt.changedFields,
      checkedAt,
      tracingId,
    };
  });
}
