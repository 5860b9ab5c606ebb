import {
  consoleErrorCodes,
  describeAttestrCode,
  type AttestrErrorCode,
  type ErrorActor,
  type ErrorContext,
} from '@/lib/attestr/error-codes';

/**
 * Who can act on an error and what to do next, where it is shown (a save, unless said). Worked
 * out on the server and sent with every error answer, so the browser needs no copy of the table.
 * Advice that points at highlighted fields is given only when the error marks some.
 */
export function adviceFor(error: { code: number | string; fieldErrors?: object; context?: ErrorContext }): {
  actor: ErrorActor;
  advice: string;
} {
  const known: Omit<AttestrErrorCode, 'code'> =
    typeof error.code === 'number'
      ? (describeAttestrCode(error.code) ?? consoleErrorCodes.UPSTREAM_UNKNOWN_ERROR)
      : (consoleErrorCodes[error.code as keyof typeof consoleErrorCodes] ?? consoleErrorCodes.INTERNAL);
  if (error.context === 'load') return { actor: known.actor, advice: known.loadAdvice ?? known.advice };
  const marksFields = Object.keys(error.fieldErrors ?? {}).length > 0;
  return { actor: known.actor, advice: (marksFields && known.fieldsAdvice) || known.advice };
}
