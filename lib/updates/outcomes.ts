import { consoleErrorCodes, type ConsoleErrorCode } from '@/lib/attestr/error-codes';
import { AttestrError, type AttestrErrorKind } from '@/lib/attestr/errors';
import type { AttemptRecord } from '@/lib/db/update-attempts';

const NOT_SENT = /refused|could not be resolved/i;

/**
 * Whether a failed update may have reached Attestr and been applied: no answer came back (a
 * timeout, a dropped connection) or the answer was not Attestr's (a gateway's page). A
 * documented error, or a connection that was never made, means it was not applied.
 */
export function mayHaveBeenApplied(error: AttestrError): boolean {
  const flagged = (error as AttestrError & { mayHaveBeenApplied?: boolean }).mayHaveBeenApplied;
  if (typeof flagged === 'boolean') return flagged;
  if (error.kind === 'timeout' || error.kind === 'invalid_response') return true;
  if (error.kind === 'network') return !NOT_SENT.test(error.details ?? '');
  return false;
}

const KIND_OF_CONSOLE_CODE: Partial<Record<ConsoleErrorCode, AttestrErrorKind>> = {
  UPSTREAM_TIMEOUT: 'timeout',
  UPSTREAM_UNREACHABLE: 'network',
  UPSTREAM_BAD_RESPONSE: 'invalid_response',
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
