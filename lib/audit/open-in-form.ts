import type { AttemptRecord } from '@/lib/db/update-attempts';
import { cannotSucceedAgain } from '@/lib/errors/code-classes';
import { editableFields } from '@/lib/shared/permissions';
import type { ProfileField } from '@/lib/shared/profile-fields';

/**
 * Whether sending a failed update again cannot help: Attestr refused it with a code of class
 * `final` in lib/errors/codes.ts (an archived profile, an id it does not know, values it
 * refused). Such a failure is offered no Retry, only Open in form and Resolve.
 */
export function sendingAgainCannotHelp(attempt: Pick<AttemptRecord, 'outcome' | 'errorCode'>): boolean {
  return attempt.outcome === 'failed' && attempt.errorCode !== null && cannotSucceedAgain(attempt.errorCode);
}

/**
 * Whether a person has to fix an update before it can go through: Attestr refused it for a
 * reason sending it again does not change, the console refused it, or someone else changed the
 * same fields meanwhile.
 */
export function needsPersonToFix(attempt: Pick<AttemptRecord, 'outcome' | 'errorCode'>): boolean {
  if (attempt.outcome === 'refused' || attempt.outcome === 'conflict') return true;
  return sendingAgainCannotHelp(attempt);
}

/**
 * The values an update asked for, to fill into the profile's form as unsaved changes: only its
 * changed fields, and of those only what the person opening the form may change themselves.
 */
export function formValuesFrom(input: {
  attempt: Pick<AttemptRecord, 'changedFields' | 'requested'>;
  role: string;
}): Partial<Record<ProfileField, string>> {
  const editable = editableFields(input.role);
  return Object.fromEntries(
    input.attempt.changedFields
      .filter((field) => editable.includes(field) && typeof input.attempt.requested[field] === 'string')
      .map((field) => [field, input.attempt.requested[field] as string]),
  );
}
