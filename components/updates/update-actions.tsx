'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type ReactNode } from 'react';

import { ErrorExplanation } from '@/components/errors/error-explanation';
import { Button } from '@/components/ui/button';
import type { ApiError } from '@/lib/shared/api-types';
import { PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';
import type { ApiRequestError } from '@/lib/queries/api-client';
import { newAttemptId } from '@/lib/queries/profiles';
import { useCheckAttempt, useResolveAttempt, useRetryAttempt } from '@/lib/queries/updates';

type Outcome = { tone: 'done' | 'warning'; text: ReactNode } | { tone: 'error'; error: ApiError };

/**
 * What may be done with one update, for the roles that may retry: send it again, check it at
 * Attestr, or resolve it with a note. The page says which apply; after each, the outcome is
 * said in plain words and the page is read again.
 */
export function UpdateActions({
  attemptId,
  canRetry,
  canCheck,
  canResolve,
  cannotChange,
  openInForm,
}: {
  attemptId: string;
  canRetry: boolean;
  canCheck: boolean;
  canResolve: boolean;
  /** An archived profile's refusal (40038): offer to resolve it as one that cannot change. */
  cannotChange: boolean;
  /** For a failure a person must fix: the profile's form with this update's values filled in. */
  openInForm?: string;
}) {
  const router = useRouter();
  const noteId = useId();
  const retry = useRetryAttempt(attemptId);
  const check = useCheckAttempt(attemptId);
  const resolve = useResolveAttempt(attemptId);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [note, setNote] = useState('');
  // One id per press of Retry; kept when the console could not be reached, so sending the same
  // retry again cannot make it twice.
  const retryId = useRef<string | null>(null);
  const busy = retry.isPending || check.isPending || resolve.isPending;

  const failed = (error: ApiRequestError) => setOutcome({ tone: 'error', error: error.error });
  const done = (next: Outcome) => {
    setOutcome(next);
    router.refresh();
  };

  function onRetry() {
    retryId.current ??= newAttemptId();
    retry.mutate(
      { retryAttemptId: retryId.current },
      {
        onSuccess: (answer) => {
          retryId.current = null;
          done(
            answer.result === 'saved'
              ? {
                  tone: 'done',
                  text: (
                    <>
                      Sent again and saved: Attestr holds the change now.{' '}
                      {answer.saved ? (
                        <Link className="font-semibold underline" href={`/updates/${answer.saved.attemptId}`}>
                          See the new update
                        </Link>
                      ) : null}
                    </>
                  ),
                }
              : {
                  tone: 'done',
                  text: 'Checked at Attestr first: the change was already there, so nothing was sent again. This update is resolved.',
                },
          );
        },
        onError: (error) => {
          if (error.error.code !== 'CONSOLE_UNREACHABLE') retryId.current = null;
          if (error.error.code === 'PROFILE_CHANGED') {
            done({ tone: 'warning', text: <ConflictText conflicts={error.error.conflicts ?? {}} /> });
          } else failed(error);
        },
      },
    );
  }

  function onCheck() {
    check.mutate(undefined, {
      onSuccess: (checked) =>
        done({
          tone: checked.settled === 'succeeded' ? 'done' : 'warning',
          text:
            checked.settled === 'succeeded'
              ? 'Checked at Attestr: the change is there. Nothing was sent.'
              : checked.settled === 'failed'
                ? 'Checked at Attestr: the change is not there, and Attestr still holds the values from before. Retry to send it again.'
                : 'Checked at Attestr: it holds other values, so someone else changed the profile. Look at the profile before sending anything again.',
        }),
      onError: failed,
    });
  }

  function onResolve(kind: 'resolved' | 'cannot_change') {
    resolve.mutate(
      { note, kind },
      {
        onSuccess: (resolved) =>
          done({
            tone: 'done',
            text:
              resolved.resolution === 'cannot_change'
                ? 'Resolved as one that cannot change: the profile is archived at Attestr.'
                : `Resolved, with your note: “${resolved.note}”.`,
          }),
        onError: failed,
      },
    );
  }

  return (
    <section
      aria-label="Actions"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="text-base font-semibold">What to do with it</h2>
      {openInForm ? (
        <p className="text-sm text-slate-700">
          <Link
            href={openInForm}
            className="inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700"
          >
            Open in form
          </Link>{' '}
          Opens the profile with these values filled in, not yet saved, to correct them and save.
        </p>
      ) : null}
      {!canRetry && !canCheck && !canResolve && !openInForm ? (
        <p className="text-sm text-slate-600">Nothing is left to do: this update is resolved.</p>
      ) : null}
      {canRetry || canCheck ? (
        <div className="flex flex-wrap items-center gap-3">
          {canRetry ? (
            <Button onClick={onRetry} disabled={busy} aria-busy={retry.isPending || undefined}>
              Retry
            </Button>
          ) : null}
          {canCheck ? (
            <Button variant="secondary" onClick={onCheck} disabled={busy} aria-busy={check.isPending || undefined}>
              Check at Attestr
            </Button>
          ) : null}
          <span className="text-sm text-slate-600" aria-live="polite">
            {retry.isPending
              ? 'Sending it again…'
              : check.isPending
                ? 'Reading the profile at Attestr…'
                : canRetry
                  ? 'Retry sends the same change again; a field someone changed since is never overwritten.'
                  : null}
          </span>
        </div>
      ) : null}
      {canResolve ? (
        <div className="flex flex-col gap-2">
          <label htmlFor={noteId} className="text-sm font-medium text-slate-800">
            Note{' '}
            {cannotChange ? <span className="font-normal text-slate-500">(optional for “cannot change”)</span> : null}
          </label>
          <textarea
            id={noteId}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            maxLength={500}
            rows={2}
            aria-describedby={`${noteId}-hint`}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
          />
          <p id={`${noteId}-hint`} className="text-xs text-slate-500">
            How it was dealt with, for example a ticket number. Resolving sends nothing to Attestr.
          </p>
          <div className="flex flex-wrap gap-3">
            <Button
              variant="secondary"
              onClick={() => onResolve('resolved')}
              disabled={busy || note.trim() === ''}
              aria-busy={resolve.isPending || undefined}
            >
              Resolve
            </Button>
            {cannotChange ? (
              <Button variant="secondary" onClick={() => onResolve('cannot_change')} disabled={busy}>
                Resolve as cannot change
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
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
    </section>
  );
}

function ConflictText({ conflicts }: { conflicts: Partial<Record<ProfileField, string>> }) {
  const fields = Object.entries(conflicts) as [ProfileField, string][];
  return (
    <>
      <span className="font-semibold">Not sent: someone else changed this profile since. Nothing was overwritten.</span>{' '}
      {fields.map(([field, value]) => `${PROFILE_FIELD_LABELS[field]} is now “${value || '(empty)'}”.`).join(' ')} Open
      the profile to see it as it is now, and make the change there if it is still needed.
    </>
  );
}
