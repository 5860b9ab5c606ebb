import type { AttemptRecord } from '@/lib/db/update-attempts';
import { editableFields } from '@/lib/shared/permissions';
import type { ProfileField } from '@/lib/shared/profile-fields';

/** Attestr's codes for values or an id a person has to correct; sending them again would fail again. */
const FIX_CODES = ['4001', '40018'];

/**
 * Whether a person has to fix an update before it can go through: Attestr refused its values or
 * the profile id, the console refused it, or someone else changed the same fields meanwhile.
 */
export function needsPersonToFix(attempt: Pick<AttemptRecord, 'outcome' | 'errorCode'>): boolean {
  if (attempt.outcome === 'refused' || attempt.outcome === 'conflict') return true;
  return attempt.outcome === 'failed' && attempt.errorCode !== null && FIX_CODES.includes(attempt.errorCode);
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
