'use client';

import { useRef, useState } from 'react';

import type { SaveOutcome } from '@/components/profiles/profile-form-actions';
import type { SaveResult } from '@/components/profiles/save-result';
import { REPLACE_TYPED_VALUES, type SaveContext } from '@/components/profiles/use-profile-form';
import type { ProfileFormApi } from '@/components/profiles/use-server-marks';
import type { ApiError } from '@/lib/shared/api-types';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { PROFILE_FIELDS, type ProfileFields } from '@/lib/shared/profile-fields';
import { ApiRequestError } from '@/lib/queries/api-client';
import { newAttemptId, useUpdateProfile } from '@/lib/queries/profiles';

type UpdateProfile = ReturnType<typeof useUpdateProfile>;

interface ProfileSaveInput {
  profileId: string;
  form: ProfileFormApi;
  context: SaveContext;
  setServerErrors: (errors: ApiError['fieldErrors']) => void;
  onResult: (result: SaveResult | null) => void;
}

/**
 * The attempt id of each save. The same save, sent again after the console could not be reached,
 * keeps its attempt id: if the first one did arrive, the console answers its outcome instead of
 * saving twice.
 */
function useSaveAttemptIds() {
  /** The last save that got no answer from the console, to send again with the same attempt id. */
  const unanswered = useRef<{ attemptId: string; fingerprint: string } | null>(null);
  return {
    /** The attempt id for a save of these values (`fingerprint`). */
    idFor(fingerprint: string): string {
      const attemptId = unanswered.current?.fingerprint === fingerprint ? unanswered.current.attemptId : newAttemptId();
      unanswered.current = null;
      return attemptId;
    },
    /** The console could not be reached: the same save sent again keeps this attempt id. */
    unanswered(attemptId: string, fingerprint: string) {
      unanswered.current = { attemptId, fingerprint };
    },
  };
}

/**
 * Saving the form: one update per press, sent with the base it started from and the person's
 * reason; its outcome is shown, and a save whose outcome is unknown can be checked at Attestr.
 */
export function useProfileSave({ profileId, form, context, setServerErrors, onResult }: ProfileSaveInput) {
  const update = useUpdateProfile(profileId);
  const inFlight = useRef(false);
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<SaveOutcome>(null);
  const attemptIds = useSaveAttemptIds();

  /** Shows what Attestr holds after a confirmed save, and starts the next edit from it. */
  function settleSaved(
    held: ProfileValues,
    profileSummary: Parameters<UpdateProfile['applySaved']>[0],
    differently = false,
  ) {
    context.moveTo(held);
    setServerErrors({});
    form.reset(held, REPLACE_TYPED_VALUES);
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
    } finally {
      // A check settles the update's outcome in the History too.
      void update.refreshHistory();
    }
  }

  async function save(fields: ProfileFields) {
    // A double click must send one update, even before React re-renders the disabled button.
    if (inFlight.current) return;
    inFlight.current = true;
    const values = Object.fromEntries(PROFILE_FIELDS.map((field) => [field, fields[field] ?? ''])) as ProfileValues;
    const sentBase = context.base;
    const fingerprint = JSON.stringify([values, sentBase, reason]);
    const attemptId = attemptIds.idFor(fingerprint);
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
      if (answer.code === 'CONSOLE_UNREACHABLE') attemptIds.unanswered(attemptId, fingerprint);
      if (answer.code === 'PROFILE_CHANGED') {
        // The person has now seen the other value of each field both changed: saving again
        // replaces it with theirs.
        context.moveTo({ ...context.base, ...answer.conflicts });
        void update.reload();
      }
      const checkable = answer.code === 'UPDATE_OUTCOME_UNKNOWN' && answer.attemptId;
      showError(answer, checkable ? () => checkAtAttestr(checkable) : undefined);
    } finally {
      inFlight.current = false;
      // Saved or not, the attempt is in the History now.
      void update.refreshHistory();
    }
  }

  return { save, reason, setReason, outcome, setOutcome };
}
