import 'server-only';

import type { NextRequest } from 'next/server';
import type { z } from 'zod';

import { ApiError, toErrorResponse } from '@/lib/api/errors';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/profiles/schema';

/** Profile bodies are four short strings; anything near this size is not one. */
export const MAX_BODY_BYTES = 16 * 1024;

type Handler<P> = (request: NextRequest, params: P) => Promise<Response>;

/**
 * Wraps a route handler: resolves its params, and turns whatever it throws into one JSON
 * error shape. Never lets a raw message or stack reach the browser.
 */
export function route<P>(name: string, handler: Handler<P>) {
  return async (request: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler(request, await context.params);
    } catch (error) {
      return toErrorResponse(error, { route: name });
    }
  };
}

/** Reads a JSON body of bounded size, whatever Content-Length claims. */
export async function readJsonBody(request: NextRequest): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new ApiError('BAD_REQUEST', { details: 'Send the body as application/json.' });
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE');
  if (!request.body) throw new ApiError('BAD_REQUEST', { details: 'The request has no body.' });

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
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

/** Parses with a zod schema; a failure becomes a 422 that names each field at fault. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors: Partial<Record<ProfileField, string>> = {};
  const other: string[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && (PROFILE_FIELDS as readonly string[]).includes(field)) {
      fieldErrors[field as ProfileField] ??= issue.message;
    } else {
      other.push(issue.message);
    }
  }
  throw new ApiError('VALIDATION_FAILED', {
    fieldErrors,
    ...(other.length ? { details: other.join('; ') } : {}),
  });
}
