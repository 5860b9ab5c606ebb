'use client';

import { useId } from 'react';

import { FormField } from '@/components/profiles/form-field';
import { MobileField } from '@/components/profiles/mobile-field';
import { ProfileFormActions } from '@/components/profiles/profile-form-actions';
import { ReasonField } from '@/components/profiles/reason-field';
import type { SaveResult } from '@/components/profiles/save-result';
import { useProfileForm } from '@/components/profiles/use-profile-form';
import { useProfileSave } from '@/components/profiles/use-profile-save';
import type { ApiProfile } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { FIELD_LIMITS, PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

const REASON_MAX = 500;

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
  region,
}: {
  profile: ApiProfile;
  /** Where a mobile typed without its country code is read, for a suggestion (DEFAULT_PHONE_REGION). */
  region?: string;
  readOnly: boolean;
  /** Fields this person may not change, with the reason shown beside them. */
  lockedFields?: Partial<Record<ProfileField, string>>;
  onResult: (result: SaveResult | null) => void;
  /** Values filled in as unsaved changes when the form opens; the base stays what Attestr holds. */
  prefill?: Partial<ProfileValues>;
}) {
  const idPrefix = useId();
  const { form, formState, context, discard, setServerErrors, errorOf } = useProfileForm({
    profile,
    prefill,
    readOnly,
    region,
  });
  const { save, reason, setReason, outcome, setOutcome } = useProfileSave({
    profileId: profile.id,
    form,
    context,
    setServerErrors,
    onResult,
  });

  // A submit stopped by the form's own checks clears the previous outcome, which no longer
  // holds; react-hook-form then focuses the first field at fault.
  const onInvalid = () => {
    setOutcome(null);
    onResult(null);
  };

  return (
    <form
      onSubmit={(event) => form.handleSubmit(save, onInvalid)(event)}
      // Typing on after a failed save: the status speaks of the edits again, not of that save.
      onChange={() => {
        if (outcome === 'not-saved' || outcome === 'unconfirmed') setOutcome(null);
      }}
      noValidate
      aria-label="Edit profile"
      className="flex flex-col gap-4"
    >
      {PROFILE_FIELDS.map((field) =>
        field === 'mobile' ? (
          <MobileField
            key={field}
            id={`${idPrefix}-${field}`}
            form={form}
            region={region}
            hint={readOnly ? undefined : inputProps[field].hint}
            error={errorOf(field)}
            lockedReason={lockedFields[field]}
            readOnly={readOnly}
          />
        ) : (
          <FormField
            key={field}
            id={`${idPrefix}-${field}`}
            label={PROFILE_FIELD_LABELS[field]}
            type={inputProps[field].type}
            autoComplete={inputProps[field].autoComplete}
            maxLength={FIELD_LIMITS[field] + 20}
            hint={readOnly ? undefined : inputProps[field].hint}
            error={errorOf(field)}
            lockedReason={lockedFields[field]}
            readOnly={readOnly}
            aria-required={field === 'tag' || field === 'name' ? true : undefined}
            {...form.register(field)}
          />
        ),
      )}
      {readOnly ? null : (
        <ReasonField id={`${idPrefix}-reason`} value={reason} onChange={setReason} maxLength={REASON_MAX} />
      )}
      <ProfileFormActions
        readOnly={readOnly}
        saving={formState.isSubmitting}
        dirty={formState.isDirty}
        outcome={outcome}
        onDiscard={discard}
      />
    </form>
  );
}
