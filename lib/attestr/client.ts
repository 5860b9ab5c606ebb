import 'server-only';

import { describeAttestrCode } from '@/lib/attestr/error-codes';
import { AttestrError, consoleError } from '@/lib/attestr/errors';
import {
  wireCreatedSchema,
  wireErrorSchema,
  wireProfileSchema,
  type AttestrProfile,
  type WireProfileFields,
} from '@/lib/attestr/wire';
import { getLogger } from '@/lib/log';
import { isProfileId } from '@/lib/profiles/profile-id';

export interface AttestrClientConfig {
  baseUrl: string;
  apiVersion: string;
  authToken: string;
  timeoutMs: number;
}

export interface AttestrCallResult {
  tracingId: string | undefined;
}

export interface AttestrClient {
  getProfile(profileId: string): Promise<AttestrProfile & AttestrCallResult>;
  updateProfile(input: { profileId: string; fields: WireProfileFields }): Promise<AttestrCallResult>;
  createProfile(fields: WireProfileFields): Promise<{ id: string; number: string | null } & AttestrCallResult>;
  archiveProfile(profileId: string): Promise<AttestrCallResult>;
}

interface RawResponse {
  status: number;
  text: string;
  contentType: string;
  tracingId: string | undefined;
}

const TRACING_ID = /^[A-Za-z0-9_-]{1,128}$/;
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

/** A client for Attestr's profile API. It never follows redirects and never logs bodies. */
export function createAttestrClient(config: AttestrClientConfig): AttestrClient {
  // fetch refuses such a header with a TypeError that quotes it, token and all, and that error
  // would travel as the cause of a misleading "could not be reached".
  if (!HEADER_SAFE_TOKEN.test(config.authToken)) {
    throw new Error('The Attestr auth token must be printable ASCII, without spaces or line breaks');
  }
  const base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  const collectionPath = `${base.pathname}api/${encodeURIComponent(config.apiVersion)}/public/factx`;
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    Authorization: `Basic ${config.authToken}`,
  };

  /** Builds the URL of a profile, refusing any id that could reach another path. */
  function profileUrl(method: string, profileId: string, suffix = ''): URL {
    if (!isProfileId(profileId)) {
      throw consoleError('INVALID_PROFILE_ID', { kind: 'invalid_request', method, path: `${collectionPath}/…` });
    }
    const path = `${collectionPath}/${encodeURIComponent(profileId)}${suffix}`;
    const url = new URL(path, base);
    if (url.origin !== base.origin || url.pathname !== path) {
      throw consoleError('INVALID_PROFILE_ID', { kind: 'invalid_request', method, path: `${collectionPath}/…` });
    }
    return url;
  }

  async function send(method: string, url: URL, body?: unknown): Promise<RawResponse> {
    const path = url.pathname;
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error',
        signal: AbortSignal.timeout(config.timeoutMs),
        cache: 'no-store',
      });
      text = await response.text();
    } catch (cause) {
      throw transportError({ cause, method, path, timeoutMs: config.timeoutMs });
    }
    const rawTracingId = response.headers.get('xattestrid') ?? undefined;
    const tracingId = rawTracingId && TRACING_ID.test(rawTracingId) ? rawTracingId : undefined;
    getLogger().debug(
      {
        event: 'attestr.call',
        method,
        path,
        status: response.status,
        tracingId,
        ms: Math.round(performance.now() - started),
      },
      'attestr call',
    );
    const raw = { status: response.status, text, contentType: response.headers.get('content-type') ?? '', tracingId };
    if (!response.ok) throw httpError({ raw, method, path, retryAfter: response.headers.get('retry-after') });
    return raw;
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

  return {
    async getProfile(profileId) {
      const url = profileUrl('GET', profileId);
      const raw = await send('GET', url);
      const parsed = wireProfileSchema.safeParse(parseJson(raw, 'GET', url.pathname));
      if (!parsed.success) {
        throw consoleError('UPSTREAM_BAD_RESPONSE', {
          kind: 'invalid_response',
          method: 'GET',
          path: url.pathname,
          httpStatus: raw.status,
          tracingId: raw.tracingId,
          details: 'Attestr answered with a profile that lacks the expected fields.',
        });
      }
      return { ...parsed.data, tracingId: raw.tracingId };
    },

    async updateProfile({ profileId, fields }) {
      const url = profileUrl('PUT', profileId);
      // The docs define no body for a 200, so any 200 (empty, JSON or not) means success.
      const raw = await send('PUT', url, fields);
      return { tracingId: raw.tracingId };
    },

    async createProfile(fields) {
      const url = new URL(`${collectionPath}/`, base);
      const raw = await send('POST', url, fields);
      const parsed = wireCreatedSchema.safeParse(parseJson(raw, 'POST', url.pathname));
      if (!parsed.success) {
        throw consoleError('UPSTREAM_BAD_RESPONSE', {
          kind: 'invalid_response',
          method: 'POST',
          path: url.pathname,
          httpStatus: raw.status,
          tracingId: raw.tracingId,
          details: 'Attestr answered without the id of the new profile.',
        });
      }
      return { id: parsed.data._id, number: parsed.data.number ?? null, tracingId: raw.tracingId };
    },

    async archiveProfile(profileId) {
      const url = profileUrl('PUT', profileId, '/archive');
      const raw = await send('PUT', url);
      return { tracingId: raw.tracingId };
    },
  };
}

function describeBody(raw: RawResponse): string {
  if (/html/i.test(raw.contentType) || /^\s*</.test(raw.text)) return 'an HTML page instead of JSON';
  return `a body that is not JSON (${raw.contentType || 'no content type'})`;
}

function httpError(input: { raw: RawResponse; method: string; path: string; retryAfter: string | null }): AttestrError {
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
      details: `Attestr answered HTTP ${raw.status}, code ${code}: ${message.slice(0, 300)}`,
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

function transportError(input: { cause: unknown; method: string; path: string; timeoutMs: number }): AttestrError {
  const { cause, method, path } = input;
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return consoleError('UPSTREAM_TIMEOUT', {
      kind: 'timeout',
      method,
      path,
      cause,
      details: `No answer within ${describeSeconds(input.timeoutMs)}.`,
    });
  }
  const reason = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : String(cause);
  if (/redirect/i.test(reason)) {
    return consoleError('UPSTREAM_BAD_RESPONSE', {
      kind: 'invalid_response',
      method,
      path,
      cause,
      details: 'Attestr answered with a redirect, which the console never follows.',
    });
  }
  return consoleError('UPSTREAM_UNREACHABLE', { kind: 'network', method, path, cause, details: networkDetails(cause) });
}

function describeSeconds(ms: number): string {
  const seconds = Number((ms / 1000).toFixed(1));
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

function networkDetails(cause: unknown): string {
  const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
  if (code === 'ECONNREFUSED') return 'The connection was refused.';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The Attestr host name could not be resolved.';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'The connection was dropped before Attestr answered.';
  return 'The connection failed before Attestr answered.';
}
