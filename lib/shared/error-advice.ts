import { classOf } from '@/lib/errors/code-classes';
import { describeErrorCode, type ErrorActor, type ErrorClass, type ErrorContext } from '@/lib/errors/codes';

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

/** What an update's page tells whoever may retry it, by what sending it again can achieve. */
const INBOX_ADVICE: Record<Exclude<ErrorClass, 'console_access'>, string> = {
  rate: 'Retry sends it again: the limit passes within seconds. Retry all on the updates page sends every such failure, within the console’s share of the limit.',
  daily:
    'Retry sends it again once the daily limit starts over, after 00:00 UTC, or as soon as an administrator has had it raised with Attestr.',
  transient:
    'Retry sends it again. If it fails again, give an administrator the tracing ID (under Technical details), which Attestr support asks for.',
  pacing: 'Nothing was sent. Retry sends it again.',
  unconfirmed:
    'Attestr may have applied it. Check at Attestr reads the profile and settles it, sending nothing; Retry checks first and sends it again only if the change is not there.',
  final: 'Sending it again cannot help. Open it in the profile’s form to change it, or resolve it with a note.',
};

/**
 * The advice on an update's page for whoever may act on it (retry, check, resolve), where
 * `adviceFor` speaks to the person saving in the form: "Retry sends it again" rather than "Save
 * again in a minute". A code the table does not list keeps its advice, Retry being offered.
 */
export function inboxAdviceFor(error: { code: number | string }): string {
  const known = describeErrorCode(error.code);
  if (known.inboxAdvice) return known.inboxAdvice;
  const errorClass = classOf(error.code);
  if (errorClass === undefined) return `${known.advice} Retry sends it again.`;
  if (errorClass === 'console_access') return `${known.advice} Then Retry sends it again.`;
  return INBOX_ADVICE[errorClass];
}
