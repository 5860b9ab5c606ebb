import type { ReactNode } from 'react';

import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { TechnicalDetails } from '@/components/ui/technical-details';
import { errorHeading } from '@/lib/shared/error-headings';
import type { ApiError } from '@/lib/shared/api-types';
import { attestrSaid } from '@/lib/errors/attestr-said';
import { formatWait } from '@/lib/format';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

/**
 * An error as a person reads it, wherever it is shown (a save's result, an update's page): who
 * must act, the plain sentence, the fields at fault, what to do, then, for an error Attestr
 * answered, Attestr's own words and code to quote; the technical details (status, tracing ID,
 * where to look) folded away. `children` go between those and the details (a button to act on it).
 */
export function ErrorExplanation({ error, children }: { error: ApiError; children?: ReactNode }) {
  const { actor, advice } = error;
  // The plain sentence first; Attestr's own words, when Attestr answered, after the advice.
  const summary = error.summary ?? error.message;
  const said = attestrSaid(error);
  // Messages about other parts of the request are in the technical details already.
  const fieldErrors = Object.entries(error.fieldErrors ?? {}).filter(([field]) =>
    (PROFILE_FIELDS as readonly string[]).includes(field),
  );
  return (
    <div className="flex flex-col gap-2">
      <p className="text-base font-semibold text-rose-800">{errorHeading({ actor, context: 'save' })}</p>
      <p className="text-base text-slate-900" data-testid="error-message">
        {summary}
      </p>
      {fieldErrors.length > 0 ? (
        <ul className="list-disc pl-5 text-sm">
          {fieldErrors.map(([field, message]) => (
            <li key={field}>
              <span className="font-medium">{PROFILE_FIELD_LABELS[field as ProfileField]}:</span> {message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800">
        <span className="font-semibold">What to do: </span>
        {advice}
        {error.retryAfterSeconds !== undefined ? ` You can try again in ${formatWait(error.retryAfterSeconds)}.` : ''}
      </p>
      {said ? <AttestrSaidLine said={said} /> : null}
      {children}
      <TechnicalDetails
        source={error.source}
        code={error.code}
        httpStatus={error.httpStatus}
        details={error.details}
        tracingId={error.tracingId}
        extra={[
          ...(error.technicalHint ? [{ label: 'Where to look', value: error.technicalHint }] : []),
          ...(error.attemptId ? [{ label: 'Update ID', value: error.attemptId }] : []),
        ]}
      />
    </div>
  );
}
