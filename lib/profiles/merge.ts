import { PROFILE_FIELDS, type ProfileField } from '@/lib/profiles/schema';

type Values = Record<ProfileField, string>;

export interface MergedEdits {
  /** What to send: the person's value for each field they changed, Attestr's current one for the rest. */
  values: Values;
  /** The fields the person changed. */
  changed: ProfileField[];
  /** Fields changed at Attestr since the person loaded the profile, which they left alone: theirs are kept. */
  changedMeanwhile: ProfileField[];
  /** Fields both changed, to different values, with the value Attestr now holds. */
  conflicts: { field: ProfileField; current: string }[];
}

/**
 * Two values that differ only in what the console normalises away (spaces around a name, the
 * layout of a phone number) are the same value here.
 */
function comparable(field: ProfileField, value: string): string {
  return field === 'mobile' ? value.replace(/[\s().-]/g, '') : value.trim();
}

/** Which fields the person changed: what they send against what they started from. */
export function changedFields(input: { mine: Values; base: Values }): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => comparable(field, input.mine[field]) !== comparable(field, input.base[field]));
}

/**
 * A three-way merge of one save. Update Profile replaces all four fields, so sending the form
 * as it stands would silently undo whatever someone else saved after the person opened the
 * profile. Instead a field the person left alone takes Attestr's current value, and a field
 * both changed, to different values, is a conflict for the person to resolve.
 */
export function mergeEdits(input: { mine: Values; base: Values; current: Values }): MergedEdits {
  const { mine, base, current } = input;
  const same = (field: ProfileField, a: string, b: string) => comparable(field, a) === comparable(field, b);
  const changed = changedFields({ mine, base });
  const values = { ...current };
  const changedMeanwhile: ProfileField[] = [];
  const conflicts: MergedEdits['conflicts'] = [];
  for (const field of PROFILE_FIELDS) {
    const theyChanged = !same(field, current[field], base[field]);
    if (!changed.includes(field)) {
      if (theyChanged) changedMeanwhile.push(field);
    } else if (!theyChanged || same(field, current[field], mine[field])) {
      values[field] = mine[field];
    } else {
      conflicts.push({ field, current: current[field] });
    }
  }
  return { values, changed, changedMeanwhile, conflicts };
}
