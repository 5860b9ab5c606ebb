import 'server-only';

import { NextResponse } from 'next/server';

import { adviceFor } from '@/lib/shared/error-advice';
import { AttestrError } from '@/lib/attestr/errors';
import { consoleErrorCodes, describeAttestrCode, type ConsoleErrorCode } from '@/lib/errors/codes';
import { DomainError } from '@/lib/errors/domain-error';
import { getLogger } from '@/lib/log';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';
import type { ApiErrorBody, FieldErrors } from '@/lib/shared/api-types';
import { UpdateError } from '@/lib/updates/errors';
import { ProfileBusyError } from '@/lib/updates/lock';
import { isPoolTimeout } from '@/lib/db/connection';

type ErrorExtras = {
  details?: string;
  fieldErrors?: FieldErrors;
  /** The attempt a save's answer is about, for checking it at Attestr or quoting it. */
  attemptId?: string;
  /** For PROFILE_CHANGED: what Attestr now holds in the fields both changed. */
  conflicts?: Partial<Record<ProfileField, string>>;
  tracingId?: string;
  problems?: string[];
  /** Sent as the Retry-After header too. */
  retryAfterSeconds?: number;
};

/** A request the console refuses before calling anyone: bad id, bad body, too large. */
export class ApiError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    readonly options: ErrorExtras = {},
  ) {
    super(consoleErrorCodes[code].message);
    this.name = 'ApiError';
  }

  get status(): number {
    return consoleErrorCodes[this.code].httpStatus;
  }

  toResponse(): NextResponse<ApiErrorBody> {
    const retryAfterSeconds = this.options.retryAfterSeconds ?? consoleErrorCodes[this.code].retryAfterSeconds;
    const response = errorResponse(this.status, {
      source: 'console',
      code: this.code,
      message: this.message,
      httpStatus: this.status,
      ...(this.options.details ? { details: this.options.details } : {}),
      ...(this.options.fieldErrors ? { fieldErrors: this.options.fieldErrors } : {}),
      ...(this.options.attemptId ? { attemptId: this.options.attemptId } : {}),
      ...(this.options.conflicts ? { conflicts: this.options.conflicts } : {}),
      ...(this.options.tracingId ? { tracingId: this.options.tracingId } : {}),
      ...(this.options.problems ? { problems: this.options.problems } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
    if (retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(retryAfterSeconds));
    return response;
  }
}

/** How an Attestr error is answered to the browser. Attestr's words are passed on verbatim. */
export function attestrErrorResponse(error: AttestrError, attemptId?: string): NextResponse<ApiErrorBody> {
  const status = consoleStatusFor(error);
  const fieldErrors = error.code === 4001 ? fieldErrorsFromDetails(error.details, error.message) : undefined;
  const response = errorResponse(status, {
    source: error.source,
    code: error.code,
    message: error.message,
    httpStatus: error.httpStatus ?? status,
    ...(error.details ? { details: error.details } : {}),
    ...(error.tracingId ? { tracingId: error.tracingId } : {}),
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    ...(attemptId ? { attemptId } : {}),
  });
  if (error.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(error.retryAfterSeconds));
  return response;
}

/** The status of the console's own answer, from the table of codes (lib/errors/codes.ts). */
function consoleStatusFor(error: AttestrError): number {
  if (typeof error.code !== 'number') return error.responseStatus;
  return describeAttestrCode(error.code)?.consoleStatus ?? 502;
}

/** Attestr's 4001 `details` may name the field at fault ("mobile must be in E.164 format"). */
function fieldErrorsFromDetails(
  details: string | undefined,
  message: string,
): Partial<Record<ProfileField, string>> | undefined {
  if (!details) return undefined;
  const named = PROFILE_FIELDS.filter((field) => new RegExp(`\\b${field}\\b`, 'i').test(details));
  if (named.length === 0) return undefined;
  return Object.fromEntries(named.map((field) => [field, `Attestr refused this value: ${details || message}`]));
}

function errorResponse(
  status: number,
  error: Omit<ApiErrorBody['error'], 'actor' | 'advice' | 'summary' | 'technicalHint'>,
): NextResponse<ApiErrorBody> {
  // Worked out here from the table of codes, so the browser needs no copy of it: the plain
  // sentence to lead with, what to do, who must act, and a hint for whoever fixes it.
  const { actor, advice, summary, technicalHint } = adviceFor(error);
  return NextResponse.json(
    { error: { ...error, actor, summary, advice, ...(technicalHint ? { technicalHint } : {}) } },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Turns anything thrown in a route handler into a JSON answer; the only place that does. */
export function toErrorResponse(error: unknown, context: { route: string }): NextResponse<ApiErrorBody> {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof UpdateError) return updateErrorResponse(error, context);
  if (error instanceof DomainError) return domainErrorResponse(error);
  if (error instanceof AttestrError) {
    logAttestrError(error, context);
    return attestrErrorResponse(error);
  }
  if (error instanceof ProfileBusyError) return new ApiError('PROFILE_BUSY').toResponse();
  if (isPoolTimeout(error)) {
    getLogger().warn({ event: 'db.pool_busy', route: context.route }, 'no database connection in time');
    return new ApiError('DATABASE_BUSY').toResponse();
  }
  return crashResponse(error, context);
}

/** A domain refusal, answered as the console's own code: its status and message from the table. */
function domainErrorResponse(error: DomainError): NextResponse<ApiErrorBody> {
  const { details, problems, fieldErrors, retryAfterSeconds, attemptId } = error.extras;
  return new ApiError(error.code, {
    ...(details !== undefined ? { details } : {}),
    ...(problems !== undefined ? { problems } : {}),
    ...(fieldErrors !== undefined ? { fieldErrors } : {}),
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(attemptId !== undefined ? { attemptId } : {}),
  }).toResponse();
}

function logAttestrError(error: AttestrError, context: { route: string }): void {
  getLogger().warn(
    {
      event: 'attestr.error',
      route: context.route,
      kind: error.kind,
      code: error.code,
      httpStatus: error.httpStatus,
      tracingId: error.tracingId,
      method: error.method,
      path: error.path,
    },
    'Attestr call failed',
  );
}

/** The answer to a save that did not end in a confirmed update (lib/updates/save.ts). */
function updateErrorResponse(error: UpdateError, context: { route: string }): NextResponse<ApiErrorBody> {
  const attemptId = error.attemptId;
  if (error.attestr) logAttestrError(error.attestr, context);
  if (error.kind === 'failed' && error.attestr) return attestrErrorResponse(error.attestr, attemptId);
  if (error.kind === 'unknown') {
    const cause = error.attestr;
    const status = consoleErrorCodes.UPDATE_OUTCOME_UNKNOWN.httpStatus;
    return errorResponse(status, {
      source: 'console',
      code: 'UPDATE_OUTCOME_UNKNOWN',
      message: consoleErrorCodes.UPDATE_OUTCOME_UNKNOWN.message,
      // What came back, if anything did (a gateway's page), rather than the console's own status.
      httpStatus: cause?.httpStatus ?? status,
      ...(cause ? { details: `${cause.message}${cause.details ? `: ${cause.details}` : ''}` } : {}),
      ...(cause?.tracingId ? { tracingId: cause.tracingId } : {}),
      ...(attemptId ? { attemptId } : {}),
    });
  }
  if (!error.code) return crashResponse(error, context);
  return new ApiError(error.code, {
    ...(attemptId ? { attemptId } : {}),
    ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
    ...(error.conflicts ? { conflicts: error.conflicts } : {}),
  }).toResponse();
}

function crashResponse(error: unknown, context: { route: string }): NextResponse<ApiErrorBody> {
  getLogger().error(
    {
      event: 'route.crash',
      route: context.route,
      err: error instanceof Error ? { name: error.name, stack: error.stack } : String(error),
    },
    'unhandled error in route handler',
  );
  return new ApiError('INTERNAL').toResponse();
}
