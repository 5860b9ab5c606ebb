import { editableFields } from '@/lib/shared/permissions';
import { changedFields, sameValue } from '@/lib/profiles/same-value';
import {
  PROFILE_FIELD_LABELS,
  PROFILE_FIELDS,
  validateChangedFields,
  type ProfileField,
  type ProfileValues,
} from '@/lib/shared/profile-fields';

/** The four editable values of a profile, '' for an optional field it has none of. */
export type FieldMessages = Partial<Record<ProfileField, string>>;

/** The Update Profile body: an optional field with no value is left out (see `toUpdateBody`). */
export interface UpdateBody {
  tag: string;
  name: string;
  email?: string;
  mobile?: string;
}

/** What a person asked for, checked: the fields they changed and the values those take. */
export interface CheckedChanges {
  kind: 'changes';
  changed: ProfileField[];
  /** The changed fields' values as they are saved (trimmed, the mobile in E.164). */
  changes: Partial<ProfileValues>;
}

export interface Refusal {
  kind: 'refused';
  reason: 'role' | 'validation';
  changed: ProfileField[];
  fieldErrors: FieldMessages;
}

export type UpdatePlan =
  | {
      kind: 'send';
      changed: ProfileField[];
      /** The profile's values once the update is applied: Attestr's current ones, with the person's changes. */
      values: ProfileValues;
      body: UpdateBody;
      /** Fields changed at Attestr since the person loaded the profile, which they left alone: kept. */
      changedMeanwhile: ProfileField[];
    }
  | Refusal
  | {
      kind: 'conflict';
      changed: ProfileField[];
      /** Fields both changed, to different values, with the value Attestr now holds. */
      conflicts: { field: ProfileField; current: string }[];
    };

/**
 * Who may change which fields. A save changes what the actor's role allows; a retry sends
 * another person's change again, so it may change exactly the fields that change touched, and
 * only when that person's role allowed them (lib/updates/retry.ts works that out from the
 * record). `mayChange` never comes from a request.
 */
export interface ChangeAuthority {
  role: string;
  mayChange?: readonly ProfileField[];
}

function roleRefusal(authority: ChangeAuthority, fields: readonly ProfileField[]): Refusal | null {
  const editable = authority.mayChange ?? editableFields(authority.role);
  const refused = fields.filter((field) => !editable.includes(field));
  if (refused.length === 0) return null;
  const why = authority.mayChange
    ? (field: ProfileField) => `This retry cannot change ${PROFILE_FIELD_LABELS[field]}: the update it repeats did not`
    : (field: ProfileField) => `Your role cannot change ${PROFILE_FIELD_LABELS[field]}`;
  return {
    kind: 'refused',
    reason: 'role',
    changed: [...fields],
    fieldErrors: Object.fromEntries(refused.map((field) => [field, why(field)])),
  };
}

/**
 * What can be decided from the request alone, before Attestr is asked anything: which fields
 * the person changed (against `base`, the values they started from), whether their role may
 * change those, and whether each new value is valid. Untouched fields are not validated: they
 * go out as Attestr holds them.
 */
export async function checkChanges(
  input: ChangeAuthority & {
    mine: ProfileValues;
    base: ProfileValues;
  },
): Promise<CheckedChanges | Refusal> {
  const changed = changedFields({ mine: input.mine, base: input.base });
  const refusal = roleRefusal(input, changed);
  if (refusal) return refusal;
  const validated = await validateChangedFields({ values: input.mine, changed });
  if (!validated.ok) return { kind: 'refused', reason: 'validation', changed, fieldErrors: validated.fieldErrors };
  return { kind: 'changes', changed, changes: validated.values };
}

/**
 * An absolute change (a bulk line: "set the email to X"), checked before Attestr is asked
 * anything: the role may change every field it sets, and each value is valid.
 */
export async function checkSetValues(
  input: ChangeAuthority & { set: Partial<ProfileValues> },
): Promise<CheckedChanges | Refusal> {
  const changed = PROFILE_FIELDS.filter((field) => input.set[field] !== undefined);
  const refusal = roleRefusal(input, changed);
  if (refusal) return refusal;
  const values: ProfileValues = { tag: '', name: '', email: '', mobile: '', ...input.set };
  const validated = await validateChangedFields({ values, changed });
  if (!validated.ok) return { kind: 'refused', reason: 'validation', changed, fieldErrors: validated.fieldErrors };
  return { kind: 'changes', changed, changes: validated.values };
}

/**
 * An absolute change's checked values as changes to what Attestr holds now, as though the
 * person had opened that: only the fields whose value differs from it.
 */
export function changesFrom(input: { checked: CheckedChanges; current: ProfileValues }): CheckedChanges {
  const { checked, current } = input;
  const changed = checked.changed.filter((field) => !sameValue(field, checked.changes[field] ?? '', current[field]));
  return {
    kind: 'changes',
    changed,
    changes: Object.fromEntries(changed.map((field) => [field, checked.changes[field]])),
  };
}

/**
 * Plans one update. Update Profile replaces all four fields, so the body is built from
 * Attestr's current values with the person's changes on top: a field they left alone goes out
 * as Attestr holds it (whatever someone else saved meanwhile is kept), and a field both changed,
 * to different values, is a conflict for the person to resolve. The role is checked against
 * Attestr's current values: every field in which the body differs from them must be one the
 * role may change, whatever `base` claims the person loaded.
 */
export async function planUpdate(
  input: ChangeAuthority & {
    mine: ProfileValues;
    base: ProfileValues;
    current: ProfileValues;
  },
): Promise<UpdatePlan> {
  const checked = await checkChanges(input);
  if (checked.kind === 'refused') return checked;
  return planChecked({ ...input, checked });
}

/**
 * `planUpdate` on changes already checked (`checkChanges`, or `changesFrom` for an absolute
 * change), so that a save validates each value once.
 */
export function planChecked(
  input: ChangeAuthority & {
    checked: CheckedChanges;
    base: ProfileValues;
    current: ProfileValues;
  },
): UpdatePlan {
  const { checked, base, current } = input;
  const values: ProfileValues = { ...current };
  const changedMeanwhile: ProfileField[] = [];
  const conflicts: { field: ProfileField; current: string }[] = [];
  for (const field of PROFILE_FIELDS) {
    const theirs = !sameValue(field, current[field], base[field]);
    const mine = checked.changes[field];
    if (mine === undefined) {
      if (theirs) changedMeanwhile.push(field);
    } else if (!theirs || sameValue(field, current[field], mine)) {
      values[field] = mine;
    } else {
      conflicts.push({ field, current: current[field] });
    }
  }
  if (conflicts.length > 0) return { kind: 'conflict', changed: checked.changed, conflicts };
  const refusal = roleRefusal(
    input,
    PROFILE_FIELDS.filter((field) => values[field] !== current[field]),
  );
  if (refusal) return { ...refusal, changed: checked.changed };
  return { kind: 'send', changed: checked.changed, values, body: toUpdateBody(values), changedMeanwhile };
}

/**
 * The Update Profile body for a profile's values. An emptied optional field is left out, never
 * sent as "" or null: Attestr validates an email or mobile it is given, so "" would be refused
 * as malformed. What Attestr does with a left-out field is not documented; the console reads
 * the profile back after every update and reports what it holds.
 */
export function toUpdateBody(values: ProfileValues): UpdateBody {
  return {
    tag: values.tag,
    name: values.name,
    ...(values.email ? { email: values.email } : {}),
    ...(values.mobile ? { mobile: values.mobile } : {}),
  };
}

/** The fields in which what Attestr holds differs from what was sent, ignoring layout. */
export function heldDifferently(input: { sent: ProfileValues; held: ProfileValues }): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => !sameValue(field, input.sent[field], input.held[field]));
}
