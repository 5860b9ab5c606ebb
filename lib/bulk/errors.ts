/** A bulk file refused as a whole, with what is wrong with it, one sentence each. */
export class BulkFileError extends Error {
  readonly code: 'BULK_FILE_INVALID' | 'BULK_FILE_TOO_LARGE';
  readonly problems: string[];

  constructor(init: { code?: 'BULK_FILE_INVALID' | 'BULK_FILE_TOO_LARGE'; problems: string[] }) {
    super(init.problems[0] ?? 'The file cannot be used');
    this.name = 'BulkFileError';
    this.code = init.code ?? 'BULK_FILE_INVALID';
    this.problems = init.problems;
  }
}

export type BulkUploadRefusal = 'BULK_UPLOAD_IN_PROGRESS' | 'BULK_UPLOADS_BUSY' | 'BULK_TOO_MANY_WAITING_LINES';

/**
 * An upload refused before its file is read: the person's previous upload or others' are still
 * being checked, or the person has too many lines waiting. `retryAfterSeconds` says when trying
 * again may succeed, where that can be told.
 */
export class BulkUploadRefusedError extends Error {
  readonly code: BulkUploadRefusal;
  readonly retryAfterSeconds: number | undefined;
  readonly details: string | undefined;

  constructor(init: { code: BulkUploadRefusal; retryAfterSeconds?: number; details?: string }) {
    super(init.code);
    this.name = 'BulkUploadRefusedError';
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
  }
}
