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
