import 'server-only';

import { NextResponse } from 'next/server';

import { adviceFor } from '@/lib/api/error-advice';
import { AttestrError } from '@/lib/attestr/errors';
import { consoleErrorCodes, describeAttestrCode, type ConsoleErrorCode } from '@/lib/errors/codes';
import { getLogger } from '@/lib/log';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/profiles/schema';
import type { ApiErrorBody, FormField } from '@/lib/api/types';

/** A request the console refuses before calling anyone: bad id, bad body, too large. */
export class ApiError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    readonly options: { details?: string; fieldErrors?: Partial<Record<FormField, string>> } = {},
  ) {
    super(consoleErrorCodes[code].message);
    this.name = 'ApiError';
  }

  get status(): number {
    return consoleErrorCodes[this.code].httpStatus;
  }

  toResponse(): NextResponse<ApiErrorBody> {
    return errorResponse(this.status, {
      source: 'console',
      code: this.code,
      message: this.message,
      httpStatus: this.status,
      ...(this.options.details ? { details: this.options.details } : {}),
      ...(this.options.fieldErrors ? { fieldErrors: this.options.fieldErrors } : {}),
    });
  }
}

/** How an Attestr error is answered to the browser. Attestr's words are passed on verbatim. */
export function attestrErrorResponse(error: AttestrError): NextResponse<ApiErrorBody> {
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
  // The summary and technical hint are read where the table is at hand (server-rendered pages);
  // the answer's shape stays as the browser code knows it.
  const { actor, advice } = adviceFor(error);
  return NextResponse.json(
    { error: { ...error, actor, advice } },
    { status, headers: { 'Cache-Control': 'no-store' } },
  );
}

/** Turns anything thrown in a route handler into a JSON answer; the only place that does. */
export function toErrorResponse(error: unknown, context: { route: string }): NextResponse<ApiErrorBody> {
  if (error instanceof ApiError) return error.toResponse();
  if (error instanceof AttestrError) {
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
    return attestrErrorResponse(error);
  }
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
