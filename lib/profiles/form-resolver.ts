import type { FieldErrors, Resolver } from 'react-hook-form';
import * as z from 'zod/mini';

import { changedFields } from '@/lib/profiles/same-value';
import {
  PROFILE_FIELDS,
  profileFieldSchema,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/shared/profile-fields';

/** What the form passes to its resolver: the values the person started from, when known. */
export interface ProfileFormContext {
  base?: Record<ProfileField, string>;
  /** Where a mobile typed without its country code is read, for a suggestion (DEFAULT_PHONE_REGION). */
  region?: string;
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
) => {
  const typed = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, values[field] ?? ''])) as Record<
    ProfileField,
    string
  >;
  const checked = context?.base ? changedFields({ mine: typed, base: context.base }) : PROFILE_FIELDS;
  const output: Record<string, string> = { ...typed };
  const errors: FieldErrors<ProfileFormValues> = {};
  for (const field of checked) {
    const result = await z.safeParseAsync(
      profileFieldSchema(field, context?.region ? { region: context.region } : {}),
      typed[field],
    );
    if (result.success) output[field] = result.data;
    else errors[field] = { type: result.error.issues[0]?.code ?? 'custom', message: result.error.issues[0]?.message };
  }
  if (Object.keys(errors).length > 0) return { values: {}, errors };
  return { values: output as ProfileFields, errors: {} };
};
