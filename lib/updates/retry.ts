import 'server-only';

import { isOpenAttempt } from '@/lib/audit/open-attempt';
import { sendingAgainCannotHelp } from '@/lib/audit/open-in-form';
import { mayViewAttempt } from '@/lib/audit/scope';
import { RETRIED_NOTE } from '@/lib/audit/superseded';
import type { AttemptResolution } from '@/lib/db/schema';
import {
  findAttempt,
  findAttemptReview,
  listRetriesOf,
  recordAttemptResolved,
  type AttemptRecord,
} from '@/lib/db/update-attempts';
import { DomainError } from '@/lib/errors/domain-error';
import { getLogger } from '@/lib/log';
import { can, editableFields } from '@/lib/shared/permissions';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';
import { checkAttemptAtAttestr } from '@/lib/updates/check-at-attestr';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { saveProfile, type Actor, type SaveProfileResult } from '@/lib/updates/save';

export type RetryAttemptResult =
  /** Sent again through the save path, and Attestr confirmed it. */
  | { kind: 'saved'; retryOf: string; saved: SaveProfileResult }
  /** An unknown outcome, checked first: the change was at Attestr already, so nothing was sent. */
  | { kind: 'already_saved'; retryOf: string; held: ProfileValues | null; checkedAt: number };

/**
 * The original's request, complete enough to send again; undefined when its record is not. A
 * bulk line's is an absolute change (no base): sent again, it sets the same values.
 */
function requestOf(
  original: AttemptRecord,
): { values: ProfileValues; base: ProfileValues } | { set: Partial<ProfileValues> } | undefined {
  const { base, requested, changedFields } = original;
  if (changedFields.length === 0) return undefined;
  if (!changedFields.every((field) => typeof requested[field] === 'string')) return undefined;
  if (original.source === 'bulk' && Object.keys(base).length === 0) {
    return { set: Object.fromEntries(changedFields.map((field) => [field, requested[field] as string])) };
  }
  if (!PROFILE_FIELDS.every((field) => typeof base[field] === 'string')) return undefined;
  const complete = base as ProfileValues;
  return { values: { ...complete, ...requested }, base: complete };
}

/**
 * The fields a retry may change: those the original changed, as far as the role its actor had
 * then allowed them. The retrier's own role does not widen it (operations may change no field of
 * their own), and the save path refuses any field outside it, whatever the record holds.
 */
function mayChangeOf(original: AttemptRecord): ProfileField[] {
  const allowed = editableFields(original.actorRole);
  return original.changedFields.filter((field) => allowed.includes(field));
}

/**
 * Sends a failed or unknown attempt that is still open again, through the one save path
 * (source 'retry'): its changes, against the values its person started from, on Attestr's
 * current values, so a field someone changed since is a conflict (recorded, and thrown as
 * UpdateError 'conflict'), never overwritten. An unknown outcome is checked at Attestr first
 * and not sent again when the change is there. `retryAttemptId` is the new attempt's id, made by
 * the caller: the same id again answers the first outcome and sends nothing. On success the
 * original is resolved. Throws DomainError when the retry may not be made, UpdateError when it
 * did not end in a confirmed change.
 */
export async function retryAttempt(input: {
  actor: Actor;
  attemptId: string;
  retryAttemptId: string;
}): Promise<RetryAttemptResult> {
  const { actor, attemptId, retryAttemptId } = input;
  if (!can(actor.role, 'update:retry')) throw new DomainError('forbidden', 'FORBIDDEN', { attemptId });
  const original = await findAttempt({ id: attemptId });
  if (!original || !mayViewAttempt(actor, original)) {
    throw new DomainError('not_found', 'ATTEMPT_NOT_FOUND', { attemptId });
  }
  const review = await findAttemptReview({ attemptId });
  const repeated = await findAttempt({ id: retryAttemptId });
  if (!repeated && review?.resolution === 'retried' && review.resolvedByAttempt === retryAttemptId) {
    // This retry found the change at Attestr already: the same answer, nothing sent.
    return { kind: 'already_saved', retryOf: attemptId, held: review.checkedValues, checkedAt: review.resolvedAt ?? 0 };
  }
  // A retry that was made already is answered by the save path, resolved or not since.
  if (!repeated && !isOpenAttempt(original, review)) {
    throw new DomainError('invalid_state', 'ATTEMPT_NOT_OPEN', { attemptId });
  }
  if (!repeated && sendingAgainCannotHelp(original)) {
    throw new DomainError('invalid_state', 'ATTEMPT_CANNOT_SUCCEED', { attemptId });
  }
  const request = requestOf(original);
  if (!request) throw new DomainError('invalid_state', 'ATTEMPT_NOT_RETRYABLE', { attemptId });

  if (!repeated && original.outcome === 'unknown' && review?.settledOutcome !== 'failed') {
    const checked = await checkAttemptAtAttestr({ actor, attemptId });
    if (checked.settled === 'succeeded') {
      await recordAttemptResolved({
        attemptId,
        resolution: 'retried',
        note: 'Checked at Attestr before sending again: the change was already there, so nothing was sent.',
        by: actor.userId,
        at: checked.checkedAt,
        resolvedByAttempt: retryAttemptId,
      });
      logRetry({ attemptId, retryAttemptId, outcome: 'already_saved' });
      return { kind: 'already_saved', retryOf: attemptId, held: checked.held, checkedAt: checked.checkedAt };
    }
  }

  const saved = await saveProfile({
    actor,
    profileId: original.profileId,
    ...request,
    source: 'retry',
    attemptId: retryAttemptId,
    reason: original.reason,
    retryOf: original.id,
    mayChange: mayChangeOf(original),
    stillOpen: () => stillOpen(original),
  });
  await recordAttemptResolved({
    attemptId,
    resolution: 'retried',
    note: RETRIED_NOTE,
    by: actor.userId,
    at: saved.savedAt,
    resolvedByAttempt: saved.attemptId,
  });
  if (!saved.replayed) logRetry({ attemptId, retryAttemptId, outcome: 'saved' });
  return { kind: 'saved', retryOf: attemptId, saved };
}

/**
 * Whether an attempt still waits to be sent again, asked once a retry has its turn on the
 * profile: no other retry of it succeeded or is on its way (its resolution is recorded only
 * after), and nobody resolved it meanwhile.
 */
async function stillOpen(original: AttemptRecord): Promise<boolean> {
  const [review, retries] = await Promise.all([
    findAttemptReview({ attemptId: original.id }),
    listRetriesOf({ attemptId: original.id }),
  ]);
  if (retries.some((retry) => retry.outcome === 'succeeded' || retry.outcome === 'pending')) return false;
  return isOpenAttempt(original, review);
}

function logRetry(event: { attemptId: string; retryAttemptId: string; outcome: string }) {
  getLogger().info({ event: 'update.retried', ...event }, 'update retried');
}

export interface ResolveAttemptResult {
  attemptId: string;
  resolution: Exclude<AttemptResolution, 'retried' | 'superseded'>;
  note: string;
  resolvedAt: number;
}

const CANNOT_CHANGE_NOTE = 'Archived at Attestr: this profile cannot be changed.';

/**
 * Resolves an open attempt without sending anything: with a note ('resolved'), or, for an
 * archived profile's refusal (40038), as one that cannot change ('cannot_change', whose note
 * may be left empty). Whoever may retry updates may resolve them; the first resolution stands.
 */
export async function resolveAttempt(input: {
  actor: Actor;
  attemptId: string;
  note: string;
  kind: 'resolved' | 'cannot_change';
}): Promise<ResolveAttemptResult> {
  const { actor, attemptId, kind } = input;
  if (!can(actor.role, 'update:retry')) throw new DomainError('forbidden', 'FORBIDDEN', { attemptId });
  const attempt = await findAttempt({ id: attemptId });
  if (!attempt || !mayViewAttempt(actor, attempt)) {
    throw new DomainError('not_found', 'ATTEMPT_NOT_FOUND', { attemptId });
  }
  if (!isOpenAttempt(attempt, await findAttemptReview({ attemptId }))) {
    throw new DomainError('invalid_state', 'ATTEMPT_NOT_OPEN', { attemptId });
  }
  if (kind === 'cannot_change' && attempt.errorCode !== '40038') {
    throw new DomainError('refused', 'BAD_REQUEST', { attemptId });
  }
  const note = input.note.trim() || (kind === 'cannot_change' ? CANNOT_CHANGE_NOTE : '');
  if (!note) throw new DomainError('refused', 'VALIDATION_FAILED', { attemptId });
  const resolvedAt = Date.now();
  const recorded = await recordAttemptResolved({ attemptId, resolution: kind, note, by: actor.userId, at: resolvedAt });
  if (!recorded) throw new DomainError('invalid_state', 'ATTEMPT_NOT_OPEN', { attemptId });
  getLogger().info({ event: 'update.resolved', attemptId, resolution: kind }, 'update resolved');
  return { attemptId, resolution: kind, note, resolvedAt };
}
