import 'server-only';

import type { NextRequest } from 'next/server';
import * as z from 'zod/mini';

import { ApiError, toErrorResponse } from '@/lib/api/errors';
import { malformedPathProblem } from '@/lib/api/malformed-path';
import { isSameOriginRequest } from '@/lib/auth/csrf';
import { readSession, type SessionUser } from '@/lib/auth/session';
import { getLogger } from '@/lib/log';
import { can, type Permission } from '@/lib/shared/permissions';
import type { FieldErrors } from '@/lib/shared/api-types';
import { PROFILE_FIELDS } from '@/lib/shared/profile-fields';

/** Profile bodies are four short strings; anything near this size is not one. */
const MAX_BODY_BYTES = 16 * 1024;

type Handler<P, U> = (request: NextRequest, context: { params: P; user: U }) => Promise<Response>;
type RouteContext<P> = { params: Promise<P> };

/**
 * A route handler for signed-in users whose role has `permission` ('signed-in': any role).
 * Before the handler runs, a state-changing request must come from the console's own pages
 * (CSRF), and the session and role are checked on the server. Whatever it throws becomes one
 * JSON error shape; no raw message or stack reaches the browser.
 */
export function route<P>(name: string, permission: Permission | 'signed-in', handler: Handler<P, SessionUser>) {
  return guarded<P>(name, async (request, params) => {
    const session = await readSession(request.headers);
    if (!session) {
      refused({ name, status: 401, reason: 'no_session' });
      throw new ApiError('UNAUTHENTICATED');
    }
    const { user, setCookies } = session;
    if (permission !== 'signed-in' && !can(user.role, permission)) {
      refused({ name, status: 403, reason: 'role', userId: user.id, role: user.role });
      throw new ApiError('FORBIDDEN');
    }
    let response: Response;
    try {
      response = await handler(request, { params, user });
    } catch (error) {
      response = toErrorResponse(error, { route: name });
    }
    // The session's idle expiry slid: the browser's cookie must live as long, unless the
    // handler set that cookie itself (signing out clears it).
    if (setCookies.length === 0) return response;
    const alreadySet = new Set(response.headers.getSetCookie().map(cookieName));
    for (const cookie of setCookies) {
      if (!alreadySet.has(cookieName(cookie))) response.headers.append('Set-Cookie', cookie);
    }
    return response;
  });
}

const cookieName = (setCookie: string) => setCookie.slice(0, setCookie.indexOf('=')).trim();

/** A route handler anyone may call (sign-in, health); still refuses cross-site changes. */
export function publicRoute<P>(name: string, handler: Handler<P, null>) {
  return guarded<P>(name, (request, params) => handler(request, { params, user: null }));
}

function guarded<P>(name: string, run: (request: NextRequest, params: P) => Promise<Response>) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      // Before anything else: nothing is counted, checked or sent for an address that cannot be read.
      const pathProblem = malformedPathProblem(request.url);
      if (pathProblem) throw new ApiError('BAD_REQUEST', { details: pathProblem });
      if (!isSameOriginRequest(request)) {
        refused({ name, status: 403, reason: 'cross_site' });
        throw new ApiError('CROSS_SITE_REQUEST');
      }
      return await run(request, await context.params);
    } catch (error) {
      return toErrorResponse(error, { route: name });
    }
  };
}

function refused(event: { name: string; status: number; reason: string; userId?: string; role?: string }): void {
  getLogger().warn({ event: 'auth.refused', route: event.name, ...event }, 'request refused');
}

/** Reads a JSON body of bounded size (MAX_BODY_BYTES unless said), whatever Content-Length claims. */
export async function readJsonBody(request: NextRequest, options: { maxBytes?: number } = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    throw new ApiError('BAD_REQUEST', { details: 'Send the body as application/json.' });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ApiError('PAYLOAD_TOO_LARGE');
  if (!request.body) throw new ApiError('BAD_REQUEST', { details: 'The request has no body.' });

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body: nothing to answer, and nothing wrong with the console.
      throw new ApiError('BAD_REQUEST', { details: 'The request was interrupted.' });
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ApiError('PAYLOAD_TOO_LARGE');
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ApiError('BAD_REQUEST', { details: 'The body is not valid JSON.' });
  }
}

/**
 * Parses with a zod schema; a failure becomes a 422 that names each field at fault by its
 * path in the schema (`email`, `base.email`, `rows.2.mobile`: see FieldErrors), first message
 * first. `fields` are the ones the calling form marks beside its inputs (the profile's unless
 * said); every other message is also listed in `details`. A missing or mistyped object or array
 * (say, no `base`) is about the body's shape, not a field anyone can correct: it goes to
 * `details` only.
 */
export async function parseWith<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
  options: { fields?: readonly string[] } = {},
): Promise<z.output<S>> {
  const result = await z.safeParseAsync(schema, value);
  if (result.success) return result.data;
  const shown: readonly string[] = options.fields ?? PROFILE_FIELDS;
  const fieldErrors: FieldErrors = {};
  const other: string[] = [];
  for (const issue of result.error.issues) {
    const field = isStructural(issue) ? undefined : fieldKey(issue.path);
    if (field !== undefined) fieldErrors[field] ??= issue.message;
    if (field === undefined || !shown.includes(field)) other.push(issue.message);
  }
  throw new ApiError('VALIDATION_FAILED', {
    fieldErrors,
    ...(other.length ? { details: other.join('; ') } : {}),
  });
}

const CONTAINERS = new Set(['object', 'array', 'record', 'map', 'set', 'tuple']);

function isStructural(issue: z.core.$ZodIssue): boolean {
  return issue.path.length === 0 || (issue.code === 'invalid_type' && CONTAINERS.has(issue.expected));
}

/** A schema path as a dotted key; undefined for the value as a whole. */
function fieldKey(path: readonly PropertyKey[]): string | undefined {
  if (path.length === 0) return undefined;
  return path.map((segment) => (typeof segment === 'symbol' ? (segment.description ?? '') : String(segment))).join('.');
}
