import type { FieldErrors, Resolver } from 'react-hook-form';
import * as z from 'zod/mini';

import { changedFields } from '@/lib/profiles/merge';
import {
  PROFILE_FIELDS,
  profileFieldsSchema,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/profiles/schema';

/** What the form passes to its resolver: the values the person started from, when known. */
export interface ProfileFormContext {
  base?: Record<ProfileField, string>;
  /**
   * Messages the server put on fields (a conflict, Attestr refusing a value), with the value
   * each field held then. They stay while the field keeps that value, whatever else is
   * checked when the person moves between fields; a submit sends the form all the same.
   */
  serverErrors?: Partial<Record<ProfileField, { message: string; value: string }>>;
}

/**
 * react-hook-form's resolver for the profile schema: the same field schemas the save path
 * checks on the server. With `base` in the context, only the fields the person changed are
 * checked, as on the server: a value Attestr already holds is not theirs to fix. Four flat
 * fields need only this much of @hookform/resolvers, whose general version weighs more on the
 * edit page's first load than the whole form.
 */
export const profileFormResolver: Resolver<ProfileFormValues, ProfileFormContext | undefined, ProfileFields> = async (
  values,
  context,
  options,
) => {
  const typed = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, values[field] ?? ''])) as Record<
    ProfileField,
    string
  >;
  const checked = context?.base ? changedFields({ mine: typed, base: context.base }) : PROFILE_FIELDS;
  const output: Record<string, string> = { ...typed };
  const errors: FieldErrors<ProfileFormValues> = {};
  for (const field of checked) {
    const result = await z.safeParseAsync(profileFieldsSchema.shape[field], typed[field]);
    if (result.success) output[field] = result.data;
    else errors[field] = { type: result.error.issues[0]?.code ?? 'custom', message: result.error.issues[0]?.message };
  }
  // `names` is set when one field is checked (on blur or change), not on submit.
  if (options.names) {
    for (const [field, marked] of Object.entries(context?.serverErrors ?? {}) as [
      ProfileField,
      { message: string; value: string },
    ][]) {
      if (!errors[field] && typed[field] === marked.value) errors[field] = { type: 'server', message: marked.message };
    }
  }
  if (Object.keys(errors).length > 0) return { values: {}, errors };
  return { values: output as ProfileFields, errors: {} };
};
