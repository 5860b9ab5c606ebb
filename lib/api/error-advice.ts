import {
  consoleErrorCodes,
  describeAttestrCode,
  type AttestrErrorCode,
  type ErrorActor,
} from '@/lib/attestr/error-codes';

/**
 * Who can act on an error and what to do next. Worked out on the server and sent with every
 * error answer, so the browser needs no copy of the table. Advice that points at highlighted
 * fields is given only when the error marks some.
 */
export function adviceFor(error: { code: number | string; fieldErrors?: object }): {
  actor: ErrorActor;
  advice: string;
} {
  const known: Omit<AttestrErrorCode, 'code'> =
    typeof error.code === 'number'
      ? (describeAttestrCode(error.code) ?? consoleErrorCodes.UPSTREAM_UNKNOWN_ERROR)
      : (consoleErrorCodes[error.code as keyof typeof consoleErrorCodes] ?? consoleErrorCodes.INTERNAL);
  const marksFields = Object.keys(error.fieldErrors ?? {}).length > 0;
  return { actor: known.actor, advice: (marksFields && known.fieldsAdvice) || known.advice };
}
