import { consoleErrorCodes, describeAttestrCode, type ErrorActor } from '@/lib/attestr/error-codes';

/**
 * Who can act on an error and what to do next. Worked out on the server and sent with every
 * error answer, so the browser needs no copy of the table.
 */
export function adviceFor(error: { code: number | string }): { actor: ErrorActor; advice: string } {
  if (typeof error.code === 'number') {
    const known = describeAttestrCode(error.code);
    if (known) return { actor: known.actor, advice: known.advice };
    return { actor: 'admin', advice: consoleErrorCodes.UPSTREAM_UNKNOWN_ERROR.advice };
  }
  const known = consoleErrorCodes[error.code as keyof typeof consoleErrorCodes] ?? consoleErrorCodes.INTERNAL;
  return { actor: known.actor, advice: known.advice };
}
