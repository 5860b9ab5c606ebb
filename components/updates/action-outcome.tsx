import Link from 'next/link';
import type { ReactNode } from 'react';

import { ErrorExplanation } from '@/components/errors/error-explanation';
import type { ApiError } from '@/lib/shared/api-types';
import { PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';

/** What the last action on an update came to, said in plain words. */
export type ActionOutcome = { tone: 'done' | 'warning'; text: ReactNode } | { tone: 'error'; error: ApiError };

/** The outcome of the last action, in a live region that is always there. */
export function ActionOutcomeNotice({ outcome }: { outcome: ActionOutcome | null }) {
  return (
    <div aria-live="polite" data-testid="action-outcome">
      {outcome === null ? null : outcome.tone === 'error' ? (
        <ErrorExplanation error={outcome.error} />
      ) : (
        <p
          className={`rounded-md p-3 text-sm ${
            outcome.tone === 'done' ? 'bg-emerald-50 text-emerald-900' : 'bg-amber-50 text-amber-950'
          }`}
        >
          {outcome.text}
        </p>
      )}
    </div>
  );
}

/** A retry that was sent and saved, with the way to the new update when there is one. */
export function SentAgainText({ saved }: { saved: { attemptId: string } | undefined }) {
  return (
    <>
      Sent again and saved: Attestr holds the change now.{' '}
      {saved ? (
        <Link className="font-semibold underline" href={`/updates/${saved.attemptId}`}>
          See the new update
        </Link>
      ) : null}
    </>
  );
}

export function ConflictText({ conflicts }: { conflicts: Partial<Record<ProfileField, string>> }) {
  const fields = Object.entries(conflicts) as [ProfileField, string][];
  return (
    <>
      <span className="font-semibold">Not sent: someone else changed this profile since. Nothing was overwritten.</span>{' '}
      {fields.map(([field, value]) => `${PROFILE_FIELD_LABELS[field]} is now “${value || '(empty)'}”.`).join(' ')} Open
      the profile to see it as it is now, and make the change there if it is still needed.
    </>
  );
}
