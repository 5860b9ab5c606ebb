import type { ConsoleErrorCode } from '@/lib/errors/codes';
import type { AttestrError } from '@/lib/attestr/errors';
import type { ProfileField } from '@/lib/shared/profile-fields';

/** Why a save did not end in an update Attestr confirmed. */
export type UpdateErrorKind =
  /** The role or the values were refused; nothing was sent. */
  | 'refused'
  /** Someone else changed a field the person changed too; nothing was sent. */
  | 'conflict'
  /** Attestr refused, or could not be asked; nothing was applied. */
  | 'failed'
  /** The update was sent, or may have been, and no answer came back. */
  | 'unknown'
  /** The same attempt is still being made. */
  | 'in_progress'
  /** The attempt id was used before for a different request. */
  | 'key_reused'
  /** No attempt with that id is on record. */
  | 'not_found';

/**
 * The one error type of the save path. It carries what a caller needs to explain the failure
 * (the console's code, the message per field, Attestr's own error when there is one) and
 * knows nothing of HTTP: lib/api/errors.ts turns it into an answer.
 */
export class UpdateError extends Error {
  readonly kind: UpdateErrorKind;
  readonly code: ConsoleErrorCode | null;
  readonly attemptId: string | undefined;
  readonly fieldErrors: Partial<Record<ProfileField, string>> | undefined;
  /** For a conflict: the values Attestr now holds in the fields both changed. */
  readonly conflicts: Partial<Record<ProfileField, string>> | undefined;
  /** What Attestr (or the exchange with it) answered, for 'failed' and 'unknown'. */
  readonly attestr: AttestrError | undefined;

  constructor(init: {
    kind: UpdateErrorKind;
    code?: ConsoleErrorCode;
    attemptId?: string;
    fieldErrors?: Partial<Record<ProfileField, string>>;
    conflicts?: Partial<Record<ProfileField, string>>;
    attestr?: AttestrError;
    message?: string;
  }) {
    super(init.message ?? init.attestr?.message ?? init.code ?? init.kind);
    this.name = 'UpdateError';
    this.kind = init.kind;
    this.code = init.code ?? null;
    this.attemptId = init.attemptId;
    this.fieldErrors = init.fieldErrors;
    this.conflicts = init.conflicts;
    this.attestr = init.attestr;
  }
}
