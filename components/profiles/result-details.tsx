'use client';

import type { ReactNode } from 'react';

import { isSessionEnded, SignInAgainLink } from '@/components/auth/sign-in-again-link';
import { ErrorExplanation } from '@/components/errors/error-explanation';
import { ChangesTable, changeRows } from '@/components/profiles/changes-table';
import { CheckButton } from '@/components/profiles/check-button';
import type { SaveResult } from '@/components/profiles/save-result';
import { Badge } from '@/components/ui/badge';
import { TechnicalDetails } from '@/components/ui/technical-details';
import type { ApiError } from '@/lib/shared/api-types';
import { LocalTime } from '@/components/ui/local-time';

/** The outcome of a save, in full: loaded on demand by the results panel. */
export function ResultDetails({ result }: { result: SaveResult }) {
  switch (result.kind) {
    case 'success':
      return <SuccessResult result={result} />;
    case 'checked':
      return <CheckedResult result={result} />;
    case 'error':
      return <ErrorResult error={result.error} check={result.check} />;
  }
}

function SuccessResult({ result }: { result: Extract<SaveResult, { kind: 'success' }> }) {
  const { saved } = result;
  const heldDifferently = saved.heldDifferently ?? [];
  const rows = changeRows({
    before: result.base,
    sent: saved.sent,
    now: saved.held ?? saved.sent,
    changedMeanwhile: saved.changedMeanwhile ?? [],
    heldDifferently,
  });
  const differs = saved.held !== null && heldDifferently.length > 0;
  return (
    <div className="flex flex-col gap-3">
      {differs ? (
        <p className="flex flex-wrap items-center gap-2 text-base font-semibold text-amber-900">
          <Badge tone="warning">Saved with a difference</Badge> Attestr holds{' '}
          {heldDifferently.length === 1 ? 'one value' : 'some values'} other than you sent
        </p>
      ) : (
        <p className="flex flex-wrap items-center gap-2 text-base font-semibold text-emerald-800">
          <Badge tone="success">Saved</Badge>
          <span>
            Profile updated at <LocalTime ms={Date.parse(saved.savedAt)} />
          </span>
        </p>
      )}
      {saved.held === null ? (
        <Notice>
          Attestr accepted the update, but the profile could not be read back to confirm what it holds. Reload the
          profile to see it.
        </Notice>
      ) : differs ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-950">
          <span className="font-semibold">What to do: </span>
          {heldDifferently.some((field) => saved.sent[field] === '')
            ? 'Attestr kept a value you removed: the console cannot remove it. If it must go, ask an administrator to raise it with Attestr support.'
            : 'Attestr stored a value differently from how it was sent. Check that it is right; the form shows what Attestr holds now.'}{' '}
          Your other changes are saved.
        </p>
      ) : null}
      <ChangesTable rows={rows} />
      {result.reason ? (
        <p className="text-sm text-slate-600 [overflow-wrap:break-word]">
          <span className="font-medium text-slate-700">Reason:</span> {result.reason}
        </p>
      ) : null}
      <TechnicalDetails tracingId={saved.tracingId} extra={[{ label: 'Update ID', value: saved.attemptId }]} />
    </div>
  );
}

function CheckedResult({ result }: { result: Extract<SaveResult, { kind: 'checked' }> }) {
  const { checked } = result;
  const at = <LocalTime ms={Date.parse(checked.checkedAt)} />;
  const details = (
    <TechnicalDetails tracingId={checked.tracingId} extra={[{ label: 'Update ID', value: checked.attemptId }]} />
  );
  if (checked.settled === 'succeeded') {
    const before = checked.before ?? checked.held;
    const rows = changeRows({
      before,
      sent: checked.sent ?? checked.held,
      now: checked.held,
      changedMeanwhile: [],
      heldDifferently: [],
    });
    return (
      <div className="flex flex-col gap-3">
        <p className="flex flex-wrap items-center gap-2 text-base font-semibold text-emerald-800">
          <Badge tone="success">Saved</Badge>
          <span>Checked at {at}: your changes are at Attestr</span>
        </p>
        <p className="text-sm text-slate-700">Nothing was sent again. The form shows what Attestr holds now.</p>
        <ChangesTable rows={rows} />
        {details}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-2">
      <p className="text-base font-semibold text-rose-800">Checked at {at}: your changes are not at Attestr</p>
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800">
        <span className="font-semibold">What to do: </span>
        {checked.settled === 'failed'
          ? 'Nothing was changed, and your edits are still in the form. Save again when you are ready.'
          : 'Someone else changed this profile meanwhile. Your edits are still in the form: look at the profile as it is now, then save again.'}
      </p>
      {details}
    </div>
  );
}

function ErrorResult({ error, check }: { error: ApiError; check?: () => Promise<void> }) {
  return (
    <ErrorExplanation error={error}>
      {check ? <CheckButton check={check} /> : null}
      {isSessionEnded(error) ? (
        <SignInAgainLink>come back to this tab and save again: your edits are still here.</SignInAgainLink>
      ) : null}
    </ErrorExplanation>
  );
}

function Notice({ children }: { children: ReactNode }) {
  return <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{children}</p>;
}
