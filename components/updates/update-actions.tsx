'use client';

import Link from 'next/link';

import { ActionOutcomeNotice } from '@/components/updates/action-outcome';
import { ResolveForm } from '@/components/updates/resolve-form';
import { useUpdateActions } from '@/components/updates/use-update-actions';
import { Button } from '@/components/ui/button';

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
  const { retry, check, resolve, busy, outcome, note, setNote, onRetry, onCheck, onResolve } =
    useUpdateActions(attemptId);
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
        <ResolveForm
          note={note}
          onNoteChange={setNote}
          cannotChange={cannotChange}
          busy={busy}
          pending={resolve.isPending}
          onResolve={onResolve}
        />
      ) : null}
      <ActionOutcomeNotice outcome={outcome} />
    </section>
  );
}
