'use client';

import { useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useForm, useWatch } from 'react-hook-form';

import { FormField } from '@/components/profiles/form-field';
import { preloadResultDetails, type SaveResult } from '@/components/profiles/results-panel';
import { useUnsavedChangesGuard } from '@/components/profiles/use-unsaved-changes-guard';
import { Button } from '@/components/ui/button';
import type { ApiError, ApiProfile } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { profileFormResolver, type ProfileFormContext } from '@/lib/profiles/form-resolver';
import {
  FIELD_LIMITS,
  PROFILE_FIELD_LABELS,
  PROFILE_FIELDS,
  toFormValues,
  type ProfileField,
  type ProfileFields,
  type ProfileFormValues,
} from '@/lib/shared/profile-fields';
import { ApiRequestError } from '@/lib/queries/api-client';
import { newAttemptId, useUpdateProfile } from '@/lib/queries/profiles';

// `resetOptions` below applies to every reset() call too, not only to `values` updates. A save
// or a discard must replace what was typed and clear its errors, so those resets turn both off.
const REPLACE_TYPED_VALUES = { keepDirtyValues: false, keepErrors: false } as const;

const REASON_MAX = 500;
/** After this long, "Saving…" says it is waiting for Attestr, and for how long. */
const SLOW_SAVE_MS = 2_000;

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
  prefill,
}: {
  profile: ApiProfile;
  readOnly: boolean;
  /** Fields this person may not change, with the reason shown beside them. */
  lockedFields?: Partial<Record<ProfileField, string>>;
  onResult: (result: SaveResult | null) => void;
  /** Values filled in as unsaved changes when the form opens; the base stays what Attestr holds. */
  prefill?: Partial<ProfileValues>;
}) {
  const idPrefix = useId();
  const serverValues = useMemo(() => toFormValues(profile), [profile]);
  /**
   * The values the person started from, sent with each save so that the server can tell their
   * changes from someone else's: what they opened, or what their own last save left. A
   * background refetch moves it only for the fields the person has not touched.
   */
  const context = useRef<{ base: ProfileValues }>({ base: serverValues });
  const baseNow = () => context.current.base;
  const form = useForm<ProfileFormValues, ProfileFormContext | undefined, ProfileFields>({
    resolver: profileFormResolver,
    context: context.current,
    mode: 'onBlur',
    reValidateMode: 'onChange',
    // A background refetch updates only the fields the person has not touched, and leaves the
    // errors marked on the others.
    values: serverValues,
    resetOptions: { keepDirtyValues: true, keepErrors: true },
  });
  const { formState, register, handleSubmit, reset, control, getValues, setFocus, setValue } = form;
  const update = useUpdateProfile(profile.id);
  const inFlight = useRef(false);
  const [reason, setReason] = useState('');
  /** How the last save ended, for the status beside the button; null once the person edits on. */
  const [outcome, setOutcome] = useState<'saved' | 'saved-differently' | 'not-saved' | 'unconfirmed' | null>(null);
  /** The last save that got no answer from the console, to send again with the same attempt id. */
  const unanswered = useRef<{ attemptId: string; fingerprint: string } | null>(null);

  function setBase(next: ProfileValues) {
    context.current.base = next;
  }

  /**
   * Messages the server put on fields (a conflict, Attestr refusing a value), with the value
   * each field held then. Kept apart from the form's own errors, which react-hook-form clears
   * whenever it checks a field again (on every blur): a mark stays while its field keeps that
   * value, and never stops a submit.
   */
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

  // After react-hook-form has applied new server values: a field still showing what the
  // server holds was not touched, so its base follows; a field the person changed keeps the
  // value they started from, so a colleague's change to it is a conflict, not an overwrite.
  useEffect(() => {
    const typed = getValues();
    const next = { ...baseNow() };
    for (const field of PROFILE_FIELDS) {
      if ((typed[field] ?? '') === serverValues[field]) next[field] = serverValues[field];
    }
    setBase(next);
  }, [serverValues, getValues]);

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

  /** Shows what Attestr holds after a confirmed save, and starts the next edit from it. */
  function settleSaved(
    held: ProfileValues,
    profileSummary: Parameters<typeof update.applySaved>[0],
    differently = false,
  ) {
    setBase(held);
    setServerErrors({});
    reset(held, REPLACE_TYPED_VALUES);
    update.applySaved(profileSummary);
    setReason('');
    setOutcome(differently ? 'saved-differently' : 'saved');
  }

  function showError(error: ApiError, check?: () => Promise<void>) {
    setServerErrors(error.fieldErrors);
    setOutcome(error.actor === 'check' ? 'unconfirmed' : 'not-saved');
    onResult({ kind: 'error', error, ...(check ? { check } : {}) });
  }

  async function checkAtAttestr(attemptId: string) {
    try {
      const checked = await update.check(attemptId);
      if (checked.settled === 'succeeded')
        settleSaved(checked.held, { profile: checked.profile, at: checked.checkedAt });
      else void update.reload();
      onResult({ kind: 'checked', checked });
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error;
      showError(error.error, () => checkAtAttestr(attemptId));
    }
  }

  async function save(fields: ProfileFields) {
    // A double click must send one update, even before React re-renders the disabled button.
    if (inFlight.current) return;
    inFlight.current = true;
    const values = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, fields[field] ?? ''])) as ProfileValues;
    const sentBase = baseNow();
    const fingerprint = JSON.stringify([values, sentBase, reason]);
    // The same save, sent again after the console could not be reached, keeps its attempt id:
    // if the first one did arrive, the console answers its outcome instead of saving twice.
    const attemptId = unanswered.current?.fingerprint === fingerprint ? unanswered.current.attemptId : newAttemptId();
    unanswered.current = null;
    try {
      const result = await update.save({ values, base: sentBase, reason, attemptId });
      settleSaved(
        result.held ?? result.sent,
        { profile: result.profile, at: result.savedAt },
        (result.heldDifferently ?? []).length > 0,
      );
      onResult({ kind: 'success', saved: result, base: sentBase, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    } catch (error) {
      if (!(error instanceof ApiRequestError)) throw error;
      const answer = error.error;
      if (answer.code === 'CONSOLE_UNREACHABLE') unanswered.current = { attemptId, fingerprint };
      if (answer.code === 'PROFILE_CHANGED') {
        // The person has now seen the other value of each field both changed: saving again
        // replaces it with theirs.
        setBase({ ...baseNow(), ...answer.conflicts });
        void update.reload();
      }
      const checkable = answer.code === 'UPDATE_OUTCOME_UNKNOWN' && answer.attemptId;
      showError(answer, checkable ? () => checkAtAttestr(checkable) : undefined);
    } finally {
      inFlight.current = false;
    }
  }

  // A submit stopped by the form's own checks clears the previous outcome, which no longer
  // holds; react-hook-form then focuses the first field at fault.
  const onInvalid = () => {
    setOutcome(null);
    onResult(null);
  };

  // The Discard button goes away with the changes. Pressed from the keyboard, it held the
  // focus, which would fall to the page itself: it moves to the first field that was changed.
  function discard(event: MouseEvent<HTMLButtonElement>) {
    const hadFocus = document.activeElement === event.currentTarget;
    const typed = getValues();
    const firstChanged = PROFILE_FIELDS.find((field) => typed[field] !== serverValues[field]) ?? PROFILE_FIELDS[0];
    // Before the reset: reset() forgets the fields until they render again.
    if (hadFocus) setFocus(firstChanged);
    setBase(serverValues);
    setServerErrors({});
    reset(serverValues, REPLACE_TYPED_VALUES);
  }

  const typed = useWatch({ control });
  const mobile = typed.mobile ?? '';
  const errorOf = (field: ProfileField) => {
    const mark = serverMarks[field];
    return (
      formState.errors[field] ??
      (mark && (typed[field] ?? '') === mark.value ? { type: 'server', message: mark.message } : undefined)
    );
  };
  const mobilePreview = useSavedAsPreview(mobile);

  const saving = formState.isSubmitting;
  const waited = useSecondsWhile(saving);
  const reasonId = `${idPrefix}-reason`;
  return (
    <form
      onSubmit={(event) => handleSubmit(save, onInvalid)(event)}
      // Typing on after a failed save: the status speaks of the edits again, not of that save.
      onChange={() => {
        if (outcome === 'not-saved' || outcome === 'unconfirmed') setOutcome(null);
      }}
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
          error={errorOf(field)}
          lockedReason={lockedFields[field]}
          readOnly={readOnly}
          aria-required={field === 'tag' || field === 'name' ? true : undefined}
          {...register(field)}
        />
      ))}
      {readOnly ? null : (
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="text-sm font-medium text-slate-800">
            Reason <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            maxLength={REASON_MAX}
            autoComplete="off"
            aria-describedby={`${reasonId}-hint`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          />
          <p id={`${reasonId}-hint`} className="text-xs text-slate-500">
            Why you are making this change, for example a ticket number. It is kept with the change in the console’s
            record of updates.
          </p>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          disabled={readOnly || saving || !formState.isDirty}
          aria-busy={saving || undefined}
          onMouseDown={keepFocusInField}
        >
          {saving ? <Spinner /> : null}
          Save changes
        </Button>
        {formState.isDirty && !saving && !readOnly ? (
          <Button variant="secondary" onMouseDown={keepFocusInField} onClick={discard}>
            Discard changes
          </Button>
        ) : null}
        <span className="text-sm text-slate-600" aria-live="polite">
          {readOnly
            ? 'This profile is read-only.'
            : saving
              ? waited * 1000 >= SLOW_SAVE_MS
                ? 'Still waiting for Attestr…'
                : 'Saving…'
              : formState.isDirty
                ? outcome === 'not-saved'
                  ? 'Not saved: see the result'
                  : outcome === 'unconfirmed'
                    ? 'Save not confirmed: see the result'
                    : 'Unsaved changes'
                : outcome === 'saved'
                  ? 'All changes saved'
                  : outcome === 'saved-differently'
                    ? 'Saved: Attestr holds a value differently'
                    : 'No changes yet'}
        </span>
        {saving && waited * 1000 >= SLOW_SAVE_MS ? (
          <span className="text-sm tabular-nums text-slate-500">{waited} s</span>
        ) : null}
      </div>
    </form>
  );
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white motion-reduce:animate-none"
    />
  );
}

/** Whole seconds since `active` turned true; 0 while it is false. */
function useSecondsWhile(active: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!active) return;
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => {
      clearInterval(timer);
      setSeconds(0);
    };
  }, [active]);
  return seconds;
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
    void import('@/lib/shared/phone').then(({ checkPhoneNumber }) => {
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
