import { adviceFor, inboxAdviceFor } from '@/lib/shared/error-advice';
import type { ApiError } from '@/lib/shared/api-types';
import type { AttemptRecord } from '@/lib/db/update-attempts';
import { consoleErrorCodes, isConsoleErrorCode } from '@/lib/errors/codes';
import { attestrErrorFromRecord } from '@/lib/audit/outcomes';

/**
 * An attempt's error as the save route answered it at the time, worked out again from the
 * record (the same table of codes, so the same explanation); null for an attempt that
 * succeeded or is still under way. The advice is the save's, or, in the `inbox` voice, for
 * whoever may act on the update (retry, check, resolve).
 */
export function attemptError(record: AttemptRecord, voice: 'save' | 'inbox' = 'save'): ApiError | null {
  const base = (error: Omit<ApiError, 'actor' | 'advice' | 'summary' | 'technicalHint'>): ApiError => {
    const { actor, advice: saveAdvice, summary, technicalHint } = adviceFor(error);
    const advice = voice === 'inbox' ? inboxAdviceFor(error) : saveAdvice;
    return { ...error, actor, advice, summary, ...(technicalHint ? { technicalHint } : {}), attemptId: record.id };
  };
  const tracingId = record.tracingId ? { tracingId: record.tracingId } : {};
  switch (record.outcome) {
    case 'succeeded':
    case 'pending':
      return null;
    case 'unknown': {
      const status = consoleErrorCodes.UPDATE_OUTCOME_UNKNOWN.httpStatus;
      const cause = [record.message, record.details].filter(Boolean).join(': ');
      return base({
        source: 'console',
        code: 'UPDATE_OUTCOME_UNKNOWN',
        message: consoleErrorCodes.UPDATE_OUTCOME_UNKNOWN.message,
        httpStatus: record.httpStatus ?? status,
        ...(cause ? { details: cause } : {}),
        ...tracingId,
      });
    }
    case 'refused':
    case 'conflict': {
      const code = isConsoleErrorCode(record.errorCode) ? record.errorCode : 'VALIDATION_FAILED';
      return base({
        source: 'console',
        code,
        message: consoleErrorCodes[code].message,
        httpStatus: consoleErrorCodes[code].httpStatus,
        ...(record.fieldErrors ? { fieldErrors: record.fieldErrors } : {}),
      });
    }
    case 'failed': {
      const error = attestrErrorFromRecord(record);
      return base({
        source: error.source,
        code: error.code,
        message: error.message,
        httpStatus: error.httpStatus ?? error.responseStatus,
        ...(error.details ? { details: error.details } : {}),
        ...tracingId,
      });
    }
  }
}
