'use client';

import { isSessionEnded, SignInAgainLink } from '@/components/auth/sign-in-again-link';
import type { SaveResult } from '@/components/profiles/results-panel';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { errorHeading } from '@/lib/api/error-headings';
import type { ApiError } from '@/lib/api/types';
import { formatTimestamp } from '@/lib/format';
import { PROFILE_FIELD_LABELS } from '@/lib/profiles/schema';

/** The outcome of a save, in full: loaded on demand by the results panel. */
export function ResultDetails({ result }: { result: SaveResult }) {
  return result.kind === 'success' ? <SuccessResult result={result} /> : <ErrorResult error={result.error} />;
}

function SuccessResult({ result }: { result: Extract<SaveResult, { kind: 'success' }> }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="flex items-center gap-2 text-base font-semibold text-emerald-800">
        <Badge tone="success">Saved</Badge> Profile updated at {formatTimestamp(Date.parse(result.savedAt))}
      </p>
      {result.changes.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Changed fields</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-4">
                Field
              </th>
              <th scope="col" className="py-1 pr-4">
                Before
              </th>
              <th scope="col" className="py-1">
                After
              </th>
            </tr>
          </thead>
          <tbody>
            {result.changes.map((change) => (
              <tr key={change.field} className="border-t border-slate-100">
                <th scope="row" className="py-1 pr-4 font-medium">
                  {PROFILE_FIELD_LABELS[change.field]}
                  {result.changedMeanwhile.includes(change.field) ? (
                    <span className="block text-xs font-normal text-slate-500">by someone else, kept</span>
                  ) : null}
                </th>
                <td className="py-1 pr-4 text-slate-500 line-through decoration-slate-300">
                  {change.before || '(empty)'}
                </td>
                <td className="py-1 font-medium">{change.after || '(empty)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-600">Saved with no change to the values.</p>
      )}
      <TracingId value={result.tracingId} />
    </div>
  );
}

function ErrorResult({ error }: { error: ApiError }) {
  const { actor, advice } = error;
  const fieldErrors = Object.entries(error.fieldErrors ?? {});
  return (
    <div className="flex flex-col gap-2">
      <p className="text-base font-semibold text-rose-800">{errorHeading({ actor, context: 'save' })}</p>
      <p className="text-base text-slate-900" data-testid="error-message">
        {error.message}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-500">{error.source === 'attestr' ? 'Attestr code' : 'Console code'}</dt>
        <dd className="font-mono">{String(error.code)}</dd>
        {error.httpStatus > 0 ? (
          <>
            <dt className="text-slate-500">HTTP status</dt>
            <dd className="font-mono">{error.httpStatus}</dd>
          </>
        ) : null}
        {error.details ? (
          <>
            <dt className="text-slate-500">Details</dt>
            <dd>{error.details}</dd>
          </>
        ) : null}
      </dl>
      {fieldErrors.length > 0 ? (
        <ul className="list-disc pl-5 text-sm">
          {fieldErrors.map(([field, message]) => (
            <li key={field}>
              <span className="font-medium">{PROFILE_FIELD_LABELS[field as keyof typeof PROFILE_FIELD_LABELS]}:</span>{' '}
              {message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800">
        <span className="font-semibold">What to do: </span>
        {advice}
        {error.retryAfterSeconds !== undefined ? ` You can try again in ${error.retryAfterSeconds} seconds.` : ''}
      </p>
      {isSessionEnded(error) ? (
        <SignInAgainLink>come back to this tab and save again: your edits are still here.</SignInAgainLink>
      ) : null}
      <TracingId value={error.tracingId} />
    </div>
  );
}

function TracingId({ value }: { value: string | undefined }) {
  if (!value) return null;
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
      <span>Tracing ID</span>
      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{value}</code>
      <CopyButton value={value} label="Copy tracing ID" />
    </p>
  );
}
