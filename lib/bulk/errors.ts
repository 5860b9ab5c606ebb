import { DomainError } from '@/lib/errors/domain-error';

/** A bulk file refused as a whole, with what is wrong with it, one sentence each. */
export function bulkFileError(init: { code?: 'BULK_FILE_INVALID' | 'BULK_FILE_TOO_LARGE'; problems: string[] }) {
  return new DomainError('refused', init.code ?? 'BULK_FILE_INVALID', { problems: init.problems });
}

export type BulkUploadRefusal = 'BULK_UPLOAD_IN_PROGRESS' | 'BULK_UPLOADS_BUSY' | 'BULK_TOO_MANY_WAITING_LINES';

/**
 * An upload refused before its file is read: the person's previous upload or others' are still
 * being checked, or the person has too many lines waiting. `retryAfterSeconds` says when trying
 * again may succeed, where that can be told.
 */
export function bulkUploadRefused(init: { code: BulkUploadRefusal; retryAfterSeconds?: number; details?: string }) {
  return new DomainError('invalid_state', init.code, {
    ...(init.details ? { details: init.details } : {}),
    ...(init.retryAfterSeconds !== undefined ? { retryAfterSeconds: init.retryAfterSeconds } : {}),
  });
}
