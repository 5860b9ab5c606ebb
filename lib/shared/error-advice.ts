import { describeErrorCode, type ErrorActor, type ErrorContext } from '@/lib/errors/codes';

/** What a person is told about an error, worked out from the one table of codes. */
export interface ErrorAdvice {
  actor: ErrorActor;
  /** The plain sentence read first: what happened. */
  summary: string;
  /** What to do next, and who can do it. */
  advice: string;
  /** For whoever fixes it; shown under Technical details. */
  technicalHint?: string;
}

/**
 * Who can act on an error and what to do next, where it is shown (a save, unless said). Worked
 * out on the server and sent with every error answer, so the browser needs no copy of the table.
 * Advice that points at highlighted fields is given only when the error marks some.
 */
export function adviceFor(error: { code: number | string; fieldErrors?: object; context?: ErrorContext }): ErrorAdvice {
  const known = describeErrorCode(error.code);
  const marksFields = Object.keys(error.fieldErrors ?? {}).length > 0;
  const advice =
    error.context === 'load' ? (known.loadAdvice ?? known.advice) : (marksFields && known.fieldsAdvice) || known.advice;
  return {
    actor: known.actor,
    summary: known.summary ?? known.message,
    advice,
    ...(known.technicalHint ? { technicalHint: known.technicalHint } : {}),
  };
}
