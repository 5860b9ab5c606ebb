import { classOf } from '@/lib/errors/code-classes';
import { consoleErrorCodes, type ConsoleErrorCode } from '@/lib/errors/codes';

/**
 * `budget`: the console's own share of Attestr's limits (lib/attestr/budget.ts) did not allow
 * the call for a while, so it was not sent.
 */
export type AttestrErrorKind = 'http' | 'timeout' | 'network' | 'invalid_response' | 'invalid_request' | 'budget';

interface AttestrErrorInit {
  kind: AttestrErrorKind;
  /** Attestr's own numeric code when it sent a documented one, else the console's code. */
  code: number | ConsoleErrorCode;
  message: string;
  method: string;
  /** Path of the upstream call, never its headers: the token must not travel with errors. */
  path: string;
  httpStatus?: number;
  details?: string;
  tracingId?: string;
  /** From a Retry-After header, which Attestr does not document but a gateway may send. */
  retryAfterSeconds?: number;
  /** See AttestrError#mayHaveBeenApplied; false when not given. */
  mayHaveBeenApplied?: boolean;
  cause?: unknown;
}

/**
 * The one error type of the Attestr boundary. Everything that can go wrong in a call,
 * from a documented 40038 to a dropped connection, arrives as one of these.
 */
export class AttestrError extends Error {
  readonly kind: AttestrErrorKind;
  readonly code: number | ConsoleErrorCode;
  readonly method: string;
  readonly path: string;
  readonly httpStatus: number | undefined;
  readonly details: string | undefined;
  readonly tracingId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /**
   * Whether the call may have taken effect at Attestr although no answer says so: true only
   * for a change (PUT, POST) that timed out or whose connection dropped after the request
   * was handed to a connection, with no answer or a success status received. False when the
   * connection could not be made, the call was refused before it was sent, or Attestr
   * answered an error. A caller that must not apply a change twice reads the profile back
   * before trying again.
   */
  readonly mayHaveBeenApplied: boolean;

  constructor(init: AttestrErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'AttestrError';
    this.kind = init.kind;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.httpStatus = init.httpStatus;
    this.details = init.details;
    this.tracingId = init.tracingId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.mayHaveBeenApplied = init.mayHaveBeenApplied ?? false;
  }

  /** 'attestr' when the message is Attestr's own documented answer, else 'console'. */
  get source(): 'attestr' | 'console' {
    return typeof this.code === 'number' ? 'attestr' : 'console';
  }

  /**
   * Whether the same request may succeed soon without anyone changing anything: the code's class
   * (lib/errors/codes.ts) is a rate limit, a passing fault or the console's own pacing. Daily
   * limits are not: retrying them before tomorrow only spends more calls. An answer with a code
   * Attestr does not document is retryable only when its status says Attestr failed (5xx).
   */
  get retryable(): boolean {
    const errorClass = classOf(this.code);
    if (errorClass === 'rate' || errorClass === 'transient' || errorClass === 'pacing') return true;
    return this.code === 'UPSTREAM_UNKNOWN_ERROR' && (this.httpStatus ?? 0) >= 500;
  }

  /** The HTTP status the console answers its own caller with. */
  get responseStatus(): number {
    if (typeof this.code === 'number') return this.httpStatus ?? 502;
    return consoleErrorCodes[this.code].httpStatus;
  }
}

export function consoleError(
  code: ConsoleErrorCode,
  init: Omit<AttestrErrorInit, 'code' | 'message' | 'kind'> & { kind: AttestrErrorKind; message?: string },
): AttestrError {
  return new AttestrError({ ...init, code, message: init.message ?? consoleErrorCodes[code].message });
}
