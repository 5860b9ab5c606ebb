import type { ConsoleErrorCode } from '@/lib/errors/codes';

/** What a domain operation met: no such thing, not allowed, in another's way, refused, or not possible now. */
export type DomainErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'refused' | 'invalid_state';

export type DomainErrorExtras = {
  details?: string;
  problems?: string[];
  fieldErrors?: Record<string, string>;
  retryAfterSeconds?: number;
  attemptId?: string;
};

/**
 * A domain operation refused, in the console's own code. It knows nothing of HTTP:
 * lib/api/errors.ts answers it with its code's status and message.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: ConsoleErrorCode,
    readonly extras: DomainErrorExtras = {},
  ) {
    super(extras.details ?? code);
    this.name = 'DomainError';
  }
}
