'use client';

import { useState, type ReactNode } from 'react';

import { isSessionEnded, SignInAgainLink } from '@/components/auth/sign-in-again-link';
import { ErrorExplanation } from '@/components/errors/error-explanation';
import type { SaveResult } from '@/components/profiles/save-result';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TechnicalDetails } from '@/components/ui/technical-details';
import type { ApiError } from '@/lib/shared/api-types';
import { LocalTime } from '@/components/ui/local-time';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField, type ProfileValues } from '@/lib/shared/profile-fields';

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

/** One row of the table of changes: a field's value before, and as Attestr holds it now. */
interface ChangeRow {
  field: ProfileField;
  before: string;
  now: string;
  note?: string;
}

/**
 * The fields whose value changed, with a note where someone else changed it, or where Attestr
 * holds it otherwise than it was sent (kept a removed value, normalised one).
 */
function changeRows(input: {
  before: ProfileValues;
  sent: ProfileValues;
  now: ProfileValues;
  changedMeanwhile: readonly ProfileField[];
  heldDifferently: readonly ProfileField[];
}): ChangeRow[] {
  const { before, sent, now } = input;
  return PROFILE_FIELDS.filter((field) => before[field] !== now[field] || input.heldDifferently.includes(field)).map(
    (field) => {
      const note = input.heldDifferently.includes(field)
        ? sent[field] === ''
          ? 'You removed it, but Attestr kept it.'
          : `Sent as “${sent[field]}”; Attestr holds it as shown.`
        : input.changedMeanwhile.includes(field)
          ? 'by someone else, kept'
          : undefined;
      return { field, before: before[field], now: now[field], ...(note ? { note } : {}) };
    },
  );
}

function ChangesTable({ rows }: { rows: ChangeRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">Saved with no change to the values.</p>;
  return (
    <table className="w-full table-fixed text-left text-sm">
      <caption className="sr-only">Changed fields</caption>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th scope="col" className="w-[28%] py-1 pr-3">
            Field
          </th>
          <th scope="col" className="py-1 pr-3">
            Before
          </th>
          <th scope="col" className="py-1">
            Now at Attestr
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} className="border-t border-slate-100 align-top">
            <th scope="row" className="py-1 pr-3 font-medium">
              {PROFILE_FIELD_LABELS[row.field]}
              {row.note ? (
                <span
                  className={`block text-xs [overflow-wrap:break-word] ${
                    row.note === 'by someone else, kept' ? 'font-normal text-slate-500' : 'font-semibold text-amber-800'
                  }`}
                >
                  {row.note}
                </span>
              ) : null}
            </th>
            <td
              className={`py-1 pr-3 text-slate-500 [overflow-wrap:break-word] ${
                row.before === row.now ? '' : 'line-through decoration-slate-300'
              }`}
            >
              {row.before || '(empty)'}
            </td>
            <td className="py-1 font-medium [overflow-wrap:break-word]">{row.now || '(empty)'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
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

function CheckButton({ check }: { check: () => Promise<void> }) {
  const [checking, setChecking] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        onClick={() => {
          setChecking(true);
          check().finally(() => setChecking(false));
        }}
        disabled={checking}
        aria-busy={checking || undefined}
      >
        Check at Attestr
      </Button>
      <span className="text-sm text-slate-600" aria-live="polite">
        {checking ? 'Reading the profile at Attestr…' : 'Reads the profile; sends nothing.'}
      </span>
    </div>
  );
}

function Notice({ children }: { children: ReactNode }) {
  return <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{children}</p>;
}
