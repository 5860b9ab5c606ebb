'use client';

import type { ReactNode } from 'react';

import { isSessionEnded, SignInAgainLink } from '@/components/auth/sign-in-again-link';
import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { TechnicalDetails } from '@/components/ui/technical-details';
import type { ApiError } from '@/lib/shared/api-types';
import { attestrSaid } from '@/lib/errors/attestr-said';

/**
 * An error answered to an action on the users or account page: the plain sentence and what to
 * do, technical details folded away. Errors that name a field are shown beside that field
 * instead, and then nothing more is shown here.
 */
export function ActionError({
  error,
  shownBesideFields = false,
  afterSignIn,
}: {
  error: ApiError;
  /** Each of the error's field messages is already shown beside its field. */
  shownBesideFields?: boolean;
  /** Ends "Sign in again (opens a new tab), then …" when the session has ended. */
  afterSignIn: ReactNode;
}) {
  const besideFields = shownBesideFields && Object.keys(error.fieldErrors ?? {}).length > 0;
  // The plain sentence; for an error Attestr answered, its own words follow the advice.
  const sentence = error.summary ?? error.message;
  const said = attestrSaid(error);
  if (besideFields) {
    // Each field says what is wrong beside it; a general line or a code would only repeat it.
    // The line stays for assistive technology, which otherwise hears nothing of the refusal.
    return (
      <div role="alert" className="flex flex-col gap-2 text-sm">
        <p className="sr-only">{error.message}: see the marked fields.</p>
        {isSessionEnded(error) ? <SignInAgainLink>{afterSignIn}</SignInAgainLink> : null}
      </div>
    );
  }
  return (
    <div role="alert" className="flex flex-col gap-2 text-sm">
      <p className="font-medium text-rose-800">{/[.!?]$/.test(sentence) ? sentence : `${sentence}.`}</p>
      {Object.values(error.fieldErrors ?? {}).map((message) => (
        <p key={message} className="text-rose-800">
          {message}
        </p>
      ))}
      <p className="text-slate-700">{error.advice}</p>
      {said ? <AttestrSaidLine said={said} /> : null}
      {isSessionEnded(error) ? <SignInAgainLink>{afterSignIn}</SignInAgainLink> : null}
      <TechnicalDetails
        source={error.source}
        code={error.code}
        httpStatus={error.httpStatus}
        details={error.details}
        tracingId={error.tracingId}
      />
    </div>
  );
}
