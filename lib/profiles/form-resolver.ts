import type { FieldErrors, Resolver } from 'react-hook-form';

import { profileFieldsSchema, type ProfileFields, type ProfileFormValues } from '@/lib/profiles/schema';

/**
 * react-hook-form's resolver for the profile schema: the same zod schema the route handler
 * parses. Four flat fields need only this much of @hookform/resolvers, whose general version
 * (zod 3 and 4, nested paths) weighs more on the edit page's first load than the whole form.
 */
export const profileFormResolver: Resolver<ProfileFormValues, unknown, ProfileFields> = async (values) => {
  const result = await profileFieldsSchema.safeParseAsync(values);
  if (result.success) return { values: result.data, errors: {} };
  const errors: FieldErrors<ProfileFormValues> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof ProfileFormValues | undefined;
    if (field && !errors[field]) errors[field] = { type: issue.code, message: issue.message };
  }
  return { values: {}, errors };
};
