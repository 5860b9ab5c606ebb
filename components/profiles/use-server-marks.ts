'use client';

import { useState } from 'react';
import { useWatch, type UseFormReturn } from 'react-hook-form';

import type { ApiError } from '@/lib/shared/api-types';
import type { ProfileFormContext } from '@/lib/profiles/form-resolver';
import { sameValue } from '@/lib/profiles/same-value';
import {
  PROFILE_FIELDS,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/shared/profile-fields';

export type ProfileFormApi = UseFormReturn<ProfileFormValues, ProfileFormContext | undefined, ProfileFields>;

/**
 * Messages the server put on fields (a conflict, Attestr refusing a value), with the value
 * each field held then. Kept apart from the form's own errors, which react-hook-form clears
 * whenever it checks a field again (on every blur): a mark stays while its field keeps that
 * value, and never stops a submit.
 */
export function useServerMarks(form: ProfileFormApi) {
  const { getValues, setFocus, control, formState } = form;
  const [serverMarks, setServerMarks] = useState<Partial<Record<ProfileField, { message: string; value: string }>>>({});
  function setServerErrors(errors: ApiError['fieldErrors']) {
    const typed = getValues();
    const marks = Object.fromEntries(
      Object.entries(errors ?? {})
        .filter(([field]) => (PROFILE_FIELDS as readonly string[]).includes(field))
        .map(([field, message]) => [field, { message: message ?? '', value: typed[field as ProfileField] ?? '' }]),
    );
    setServerMarks(marks);
    const first = PROFILE_FIELDS.find((field) => field in marks);
    if (first) setFocus(first);
  }

  const typed = useWatch({ control });
  /** The form's own error on a field, or else the server's while the field holds what it marked. */
  const errorOf = (field: ProfileField) => {
    const mark = serverMarks[field];
    return (
      formState.errors[field] ??
      // The same value in another layout (a mobile as typed, then in E.164) keeps the mark.
      (mark && sameValue(field, typed[field] ?? '', mark.value) ? { type: 'server', message: mark.message } : undefined)
    );
  };
  return { setServerErrors, errorOf, typed };
}
