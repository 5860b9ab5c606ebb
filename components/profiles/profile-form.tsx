'use client';

import { useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';

import { FormField } from '@/components/profiles/form-field';
import { preloadResultDetails, type SaveResult } from '@/components/profiles/results-panel';
import { useUnsavedChangesGuard } from '@/components/profiles/use-unsaved-changes-guard';
import { Button } from '@/components/ui/button';
import type { ApiProfile } from '@/lib/api/types';
import {
  diffProfileFields,
  FIELD_LIMITS,
  PROFILE_FIELD_LABELS,
  PROFILE_FIELDS,
  toFormValues,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/profiles/schema';
import { profileFormResolver } from '@/lib/profiles/form-resolver';
import { ApiRequestError } from '@/lib/queries/api-client';
import { useUpdateProfile } from '@/lib/queries/profiles';

// `resetOptions` below applies to every reset() call too, not only to `values` updates. A save
// or a discard must replace what was typed and clear its errors, so those resets turn both off.
const REPLACE_TYPED_VALUES = { keepDirtyValues: false, keepErrors: false } as const;

const inputProps: Record<ProfileField, { type: string; autoComplete: string; hint?: string }> = {
  tag: { type: 'text', autoComplete: 'off', hint: 'Your company’s employee or reference ID.' },
  name: { type: 'text', autoComplete: 'off' },
  email: { type: 'email', autoComplete: 'off', hint: 'Optional. Leave empty to remove the email.' },
  mobile: {
    type: 'tel',
    autoComplete: 'off',
    hint: 'Optional. International format with the country code, e.g. +91 88889 99978.',
  },
};

export function ProfileForm({
  profile,
  readOnly,
  lockedFields = {},
  onResult,
}: {
  profile: ApiProfile;
  readOnly: boolean;
  /** Fields this person may not change, with the reason shown beside them. */
  lockedFields?: Partial<Record<ProfileField, string>>;
  onResult: (result: SaveResult | null) => void;
}) {
  const idPrefix = useId();
  const serverValues = useMemo(() => toFormValues(profile), [profile]);
  const form = useForm<ProfileFormValues, unknown, ProfileFields>({
    resolver: profileFormResolver,
    mode: 'onBlur',
    reValidateMode: 'onChange',
    // A background refetch updates only the fields the person has not touched, and leaves the
    // errors marked on the others.
    values: serverValues,
    resetOptions: { keepDirtyValues: true, keepErrors: true },
  });
  const { formState, register, handleSubmit, setError, reset, control, getValues, setFocus } = form;
  const update = useUpdateProfile(profile.id);
  const inFlight = useRef(false);

  useUnsavedChangesGuard(formState.isDirty && !readOnly);
  // A first edit is when the code that shows a save's outcome starts loading.
  useEffect(() => {
    // A failed load is tried again when an outcome is shown, and that has its own fallback.
    if (formState.isDirty) preloadResultDetails().catch(() => undefined);
  }, [formState.isDirty]);

  async function save(fields: ProfileFields) {
    // A double click must send one update, even before React re-renders the disabled button.
    if (inFlight.current) return;
    inFlight.current = true;
    const before = serverValues;
    try {
      const result = await update.save(fields, before);
      const saved = toFormValues(result.profile);
      reset(saved, REPLACE_TYPED_VALUES);
      update.applySaved(result);
      onResult({
        kind: 'success',
        changes: diffProfileFields(before, saved),
        changedMeanwhile: result.changedMeanwhile ?? [],
        savedAt: result.savedAt,
        ...(result.tracingId ? { tracingId: result.tracingId } : {}),
      });
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error;
      for (const [field, message] of Object.entries(error.error.fieldErrors ?? {})) {
        setError(field as ProfileField, { type: 'server', message }, { shouldFocus: true });
      }
      onResult({ kind: 'error', error: error.error });
      if (error.error.code === 'PROFILE_CHANGED') void update.reload();
    } finally {
      inFlight.current = false;
    }
  }

  // A submit stopped by the form's own checks clears the previous outcome, which no longer
  // holds; react-hook-form then focuses the first field at fault.
  const onInvalid = () => onResult(null);

  // The Discard button goes away with the changes. Pressed from the keyboard, it held the
  // focus, which would fall to the page itself: it moves to the first field that was changed.
  function discard(event: MouseEvent<HTMLButtonElement>) {
    const hadFocus = document.activeElement === event.currentTarget;
    const typed = getValues();
    const firstChanged = PROFILE_FIELDS.find((field) => typed[field] !== serverValues[field]) ?? PROFILE_FIELDS[0];
    // Before the reset: reset() forgets the fields until they render again.
    if (hadFocus) setFocus(firstChanged);
    reset(serverValues, REPLACE_TYPED_VALUES);
  }

  const mobile = useWatch({ control, name: 'mobile' }) ?? '';
  const mobilePreview = useSavedAsPreview(mobile);

  const saving = formState.isSubmitting;
  return (
    <form
      onSubmit={(event) => handleSubmit(save, onInvalid)(event)}
      noValidate
      aria-label="Edit profile"
      className="flex flex-col gap-4"
    >
      {PROFILE_FIELDS.map((field) => (
        <FormField
          key={field}
          id={`${idPrefix}-${field}`}
          label={PROFILE_FIELD_LABELS[field]}
          type={inputProps[field].type}
          autoComplete={inputProps[field].autoComplete}
          maxLength={FIELD_LIMITS[field] + 20}
          hint={readOnly ? undefined : field === 'mobile' && mobilePreview ? mobilePreview : inputProps[field].hint}
          error={formState.errors[field]}
          lockedReason={lockedFields[field]}
          readOnly={readOnly}
          aria-required={field === 'tag' || field === 'name' ? true : undefined}
          {...register(field)}
        />
      ))}
      <div className="flex items-center gap-3">
        <Button
          type="submit"
          disabled={readOnly || saving || !formState.isDirty}
          aria-busy={saving || undefined}
          onMouseDown={keepFocusInField}
        >
          Save changes
        </Button>
        {formState.isDirty && !saving && !readOnly ? (
          <Button
            variant="secondary"
            onMouseDown={keepFocusInField}
            onClick={discard}
          >
            Discard changes
          </Button>
        ) : null}
        <span className="text-sm text-slate-500" aria-live="polite">
          {readOnly
            ? 'This profile is read-only.'
            : saving
              ? 'Saving…'
              : formState.isDirty
                ? 'Unsaved changes'
                : 'No changes yet'}
        </span>
      </div>
    </form>
  );
}

/**
 * Pressing a button would first blur the field being edited, and the blur validates it: the
 * message that appears (or goes) beside the field moves the buttons, and the click then lands
 * beside the button it was aimed at. Keeping the focus in the field until the click avoids that.
 */
function keepFocusInField(event: MouseEvent<HTMLButtonElement>) {
  event.preventDefault();
}

/**
 * "Will be saved as +918888999978." while a person types a valid number in another layout.
 * The phone library loads on demand, after the page is interactive.
 */
function useSavedAsPreview(mobile: string): string | undefined {
  const [preview, setPreview] = useState<{ input: string; text: string | undefined }>();
  useEffect(() => {
    const value = mobile.trim();
    if (!value) return;
    let current = true;
    void import('@/lib/profiles/phone').then(({ checkPhoneNumber }) => {
      const check = checkPhoneNumber(value);
      const text = check.ok && check.e164 !== value ? `Will be saved as ${check.e164}.` : undefined;
      if (current) setPreview({ input: mobile, text });
    });
    return () => {
      current = false;
    };
  }, [mobile]);
  return preview?.input === mobile ? preview.text : undefined;
}
