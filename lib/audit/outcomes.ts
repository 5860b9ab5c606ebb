import { consoleErrorCodes, type ConsoleErrorCode } from '@/lib/errors/codes';
import { AttestrError, type AttestrErrorKind } from '@/lib/attestr/errors';
import type { AttemptRecord } from '@/lib/db/update-attempts';

/**
 * Whether a failed update may have reached Attestr and been applied: it was sent and no
 * answer came back (a timeout, a dropped connection: the client's `mayHaveBeenApplied`), or
 * the answer was a gateway's failure page rather than Attestr's, which says nothing of whether
 * Attestr got it. A documented error, or a connection that was never made, means it was not.
 */
export function mayHaveBeenApplied(error: AttestrError): boolean {
  if (error.mayHaveBeenApplied) return true;
  return error.kind === 'invalid_response' && (error.httpStatus ?? 0) >= 500;
}

const KIND_OF_CONSOLE_CODE: Partial<Record<ConsoleErrorCode, AttestrErrorKind>> = {
  UPSTREAM_TIMEOUT: 'timeout',
  UPSTREAM_UNREACHABLE: 'network',
  UPSTREAM_BAD_RESPONSE: 'invalid_response',
  ATTESTR_BUDGET_WAIT: 'budget',
};

/** The error an attempt recorded, as the Attestr client threw it, to answer its outcome again. */
export function attestrErrorFromRecord(record: AttemptRecord): AttestrError {
  const numeric = record.errorCode !== null && /^\d+$/.test(record.errorCode) ? Number(record.errorCode) : null;
  const consoleCode =
    record.errorCode !== null && record.errorCode in consoleErrorCodes
      ? (record.errorCode as ConsoleErrorCode)
      : 'INTERNAL';
  return new AttestrError({
    kind: numeric !== null ? 'http' : (KIND_OF_CONSOLE_CODE[consoleCode] ?? 'http'),
    code: numeric ?? consoleCode,
    message: record.message ?? consoleErrorCodes[consoleCode].message,
    method: 'PUT',
    path: `/factx/${record.profileId}`,
    ...(record.httpStatus !== null ? { httpStatus: record.httpStatus } : {}),
    ...(record.details ? { details: record.details } : {}),
    ...(record.tracingId ? { tracingId: record.tracingId } : {}),
  });
}
