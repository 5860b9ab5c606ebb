import type { ApiError } from '@/lib/api/types';
import { consoleErrorCodes, describeAttestrCode, type ErrorActor } from '@/lib/attestr/error-codes';

/**
 * The advice and actor for any error the console can show. A plain module, not a client one:
 * the server-rendered load-error page calls it too, and a function exported from a
 * 'use client' file cannot be called on the server.
 */
export function adviceFor(error: Pick<ApiError, 'code'>): { actor: ErrorActor; advice: string } {
  if (typeof error.code === 'number') {
    const known = describeAttestrCode(error.code);
    if (known) return { actor: known.actor, advice: known.advice };
    return { actor: 'admin', advice: consoleErrorCodes.UPSTREAM_UNKNOWN_ERROR.advice };
  }
  const known = consoleErrorCodes[error.code] ?? consoleErrorCodes.INTERNAL;
  return { actor: known.actor, advice: known.advice };
}
