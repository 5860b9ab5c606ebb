import 'server-only';

import type { z } from 'zod';

import { describeAttestrCode } from '@/lib/errors/codes';
import { AttestrError, consoleError } from '@/lib/attestr/errors';
import { unknownCodeDetails } from '@/lib/errors/attestr-said';
import { wireErrorSchema } from '@/lib/attestr/wire';

/** An answer from Attestr as it came, read in full. */
export interface RawResponse {
  status: number;
  text: string;
  contentType: string;
  tracingId: string | undefined;
}

function parseJson(raw: RawResponse, method: string, path: string): unknown {
  const invalid = (what: string) =>
    consoleError('UPSTREAM_BAD_RESPONSE', {
      kind: 'invalid_response',
      method,
      path,
      httpStatus: raw.status,
      tracingId: raw.tracingId,
      details: `Attestr answered HTTP ${raw.status} with ${what}.`,
    });
  if (raw.text.trim() === '') throw invalid('an empty body');
  try {
    return JSON.parse(raw.text);
  } catch {
    throw invalid(describeBody(raw));
  }
}

/**
 * A successful answer's JSON body, read with `schema`; `lacking` says in words what is missing
 * when the body does not fit it.
 */
export function parseAnswer<T>(input: {
  raw: RawResponse;
  method: string;
  path: string;
  schema: z.ZodType<T>;
  lacking: string;
}): T {
  const { raw, method, path } = input;
  const parsed = input.schema.safeParse(parseJson(raw, method, path));
  if (!parsed.success) {
    throw consoleError('UPSTREAM_BAD_RESPONSE', {
      kind: 'invalid_response',
      method,
      path,
      httpStatus: raw.status,
      tracingId: raw.tracingId,
      details: input.lacking,
    });
  }
  return parsed.data;
}

function describeBody(raw: RawResponse): string {
  if (/html/i.test(raw.contentType) || /^\s*</.test(raw.text)) return 'an HTML page instead of JSON';
  return `a body that is not JSON (${raw.contentType || 'no content type'})`;
}

/** The error an answer other than 2xx stands for: Attestr's own code, or what was wrong with the answer. */
export function httpError(input: {
  raw: RawResponse;
  method: string;
  path: string;
  retryAfter: string | null;
}): AttestrError {
  const { raw, method, path } = input;
  const base = { method, path, httpStatus: raw.status, tracingId: raw.tracingId };
  let json: unknown;
  try {
    json = JSON.parse(raw.text);
  } catch {
    json = undefined;
  }
  const parsed = wireErrorSchema.safeParse(json);
  if (!parsed.success) {
    return consoleError('UPSTREAM_BAD_RESPONSE', {
      ...base,
      kind: 'invalid_response',
      details: `Attestr (or a gateway in front of it) answered HTTP ${raw.status} with ${
        raw.text.trim() === '' ? 'an empty body' : describeBody(raw)
      }.`,
    });
  }
  const { code, message, details } = parsed.data;
  if (!describeAttestrCode(code)) {
    return consoleError('UPSTREAM_UNKNOWN_ERROR', {
      ...base,
      kind: 'http',
      // Attestr's words and code, read back by attestrSaid to be shown beside the plain sentence.
      details: unknownCodeDetails({ httpStatus: raw.status, code, message }),
    });
  }
  const seconds = input.retryAfter ? Number.parseInt(input.retryAfter, 10) : Number.NaN;
  return new AttestrError({
    ...base,
    kind: 'http',
    code,
    message,
    details: details ?? undefined,
    retryAfterSeconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined,
  });
}
