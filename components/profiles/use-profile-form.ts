'use client';

import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useForm } from 'react-hook-form';

import { preloadResultDetails } from '@/components/profiles/results-panel';
import { useServerMarks, type ProfileFormApi } from '@/components/profiles/use-server-marks';
import { useUnsavedChangesGuard } from '@/components/profiles/use-unsaved-changes-guard';
import type { ApiProfile } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { profileFormResolver, type ProfileFormContext } from '@/lib/profiles/form-resolver';
import {
  PROFILE_FIELDS,
  toFormValues,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/shared/profile-fields';

// `resetOptions` below applies to every reset() call too, not only to `values` updates. A save
// or a discard must replace what was typed and clear its errors, so those resets turn both off.
export const REPLACE_TYPED_VALUES = { keepDirtyValues: false, keepErrors: false } as const;

/**
 * The base of the next save: one object for the form's life, which the form's resolver keeps
 * as its context and reads at each check. It is moved in place, and never rendered.
 */
export class SaveContext implements ProfileFormContext {
  constructor(
    public base: ProfileValues,
    public readonly region?: string,
  ) {}

  moveTo(next: ProfileValues): void {
    this.base = next;
  }
}

/**
 * The edit form's state: the fields as react-hook-form holds them, the base each save is sent
 * with, the marks the server put on fields, and Discard.
 */
export function useProfileForm({
  profile,
  prefill,
  readOnly,
  region,
}: {
  profile: ApiProfile;
  prefill: Partial<ProfileValues> | undefined;
  readOnly: boolean;
  region?: string | undefined;
}) {
  const serverValues = useMemo(() => toFormValues(profile), [profile]);
  /**
   * The values the person started from, sent with each save so that the server can tell their
   * changes from someone else's: what they opened, or what their own last save left. A
   * background refetch moves it only for the fields the person has not touched.
   */
  const [context] = useState(() => new SaveContext(serverValues, region));
  const form = useForm<ProfileFormValues, ProfileFormContext | undefined, ProfileFields>({
    resolver: profileFormResolver,
    context,
    mode: 'onBlur',
    reValidateMode: 'onChange',
    // A background refetch updates only the fields the person has not touched, and leaves the
    // errors marked on the others.
    values: serverValues,
    resetOptions: { keepDirtyValues: true, keepErrors: true },
  });
  const { formState, reset, getValues, setFocus } = form;
  useFormOpening({ form, context, serverValues, prefill, readOnly });
  const marks = useServerMarks(form);

  // The Discard button goes away with the changes. Pressed from the keyboard, it held the
  // focus, which would fall to the page itself: it moves to the first field that was changed.
  function discard(event: MouseEvent<HTMLButtonElement>) {
    const hadFocus = document.activeElement === event.currentTarget;
    const typed = getValues();
    const firstChanged = PROFILE_FIELDS.find((field) => typed[field] !== serverValues[field]) ?? PROFILE_FIELDS[0];
    // Before the reset: reset() forgets the fields until they render again.
    if (hadFocus) setFocus(firstChanged);
    context.moveTo(serverValues);
    marks.setServerErrors({});
    reset(serverValues, REPLACE_TYPED_VALUES);
  }

  return { form, formState, context, discard, ...marks };
}

/** What follows the form's values: the base, the prefill, the unsaved-changes guard, the outcome's code. */
function useFormOpening({
  form,
  context,
  serverValues,
  prefill,
  readOnly,
}: {
  form: ProfileFormApi;
  context: SaveContext;
  serverValues: ProfileValues;
  prefill: Partial<ProfileValues> | undefined;
  readOnly: boolean;
}) {
  const { getValues, setValue, formState } = form;
  // After react-hook-form has applied new server values: a field still showing what the
  // server holds was not touched, so its base follows; a field the person changed keeps the
  // value they started from, so a colleague's change to it is a conflict, not an overwrite.
  useEffect(() => {
    const typed = getValues();
    const next = { ...context.base };
    for (const field of PROFILE_FIELDS) {
      if ((typed[field] ?? '') === serverValues[field]) next[field] = serverValues[field];
    }
    context.moveTo(next);
  }, [serverValues, getValues, context]);

  // Once, as the form opens: what was filled in is the person's to check and save.
  const prefilled = useRef(prefill);
  useEffect(() => {
    for (const [field, value] of Object.entries(prefilled.current ?? {})) {
      setValue(field as ProfileField, value, { shouldDirty: true });
    }
  }, [setValue]);

  useUnsavedChangesGuard(formState.isDirty && !readOnly);
  // A first edit is when the code that shows a save's outcome starts loading.
  useEffect(() => {
    // A failed load is tried again when an outcome is shown, and that has its own fallback.
    if (formState.isDirty) preloadResultDetails().catch(() => undefined);
  }, [formState.isDirty]);
}
