import { PROFILE_FIELDS, type ProfileField, type ProfileValues } from '@/lib/shared/profile-fields';

/**
 * Two values that differ only in what the console normalises away (spaces around a name, the
 * layout of a phone number) are the same value here.
 */
function comparable(field: ProfileField, value: string): string {
  return field === 'mobile' ? value.replace(/[\s().-]/g, '') : value.trim();
}

/** Whether two values of a field are the same once normalised. */
export function sameValue(field: ProfileField, a: string, b: string): boolean {
  return comparable(field, a) === comparable(field, b);
}

/** Which fields the person changed: what they send against what they started from. */
export function changedFields(input: { mine: ProfileValues; base: ProfileValues }): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => !sameValue(field, input.mine[field], input.base[field]));
}
