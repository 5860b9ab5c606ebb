import 'server-only';

import { Pool, type Dispatcher } from 'undici';

import { describeAttestrCode } from '@/lib/errors/codes';
import { AttestrError, consoleError } from '@/lib/attestr/errors';
import { unknownCodeDetails } from '@/lib/errors/attestr-said';
import {
  wireCreatedSchema,
  wireErrorSchema,
  wireProfileSchema,
  type AttestrProfile,
  type WireProfileFields,
} from '@/lib/attestr/wire';
import { getLogger } from '@/lib/log';
import { isProfileId } from '@/lib/shared/profile-id';

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
/** Profile answers are a few KiB; an error page larger than this is cut off, never buffered whole. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Connections open to Attestr at once; further calls queue for a free one. */
const MAX_CONNECTIONS = 64;
const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;
/** Methods that change something at Attestr: a request of theirs lost midway may have taken effect. */
const UNSAFE_METHODS = new Set<string>(['PUT', 'POST']);

/** What is known of one exchange so far. */
interface Exchange {
  /** undici handed the request to a connection: from here on its bytes may reach Attestr. */
  onSocket: boolean;
  /** The answer's status, once its headers arrived; 0 before. */
  status: number;
  tracingId: string | undefined;
}

/**
 * An undici interceptor that notes when the request is handed to a connection, which undici
 * signals with the handler's documented `onRequestStart` ("invoked before request is
 * dispatched on socket"). Before it, nothing was written: a refused connection, a failed TLS
 * handshake or a timeout while waiting for a free connection cannot have reached Attestr.
 */
function noteWhenOnSocket(exchange: Exchange): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) =>
    dispatch(options, {
      onRequestStart(controller, context) {
        exchange.onSocket = true;
        handler.onRequestStart?.(controller, context);
      },
      onRequestUpgrade: (...args) => handler.onRequestUpgrade?.(...args),
      onResponseStart: (...args) => handler.onResponseStart?.(...args),
      onResponseData: (...args) => handler.onResponseData?.(...args),
      onResponseEnd: (...args) => handler.onResponseEnd?.(...args),
      onResponseError: (...args) => handler.onResponseError?.(...args),
    });
}

/** A client for Attestr's profile API. It never follows redirects and never logs bodies. */
export function createAttestrClient(config: AttestrClientConfig): AttestrClient {
  // undici would refuse such a header on every call, and its error would travel as the cause of
  // a misleading "could not be reached"; refused once here instead, without quoting it.
  if (!HEADER_SAFE_TOKEN.test(config.authToken)) {
    throw new Error('The Attestr auth token must be printable ASCII, without spaces or line breaks');
  }
  const base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  const collectionPath = `${base.pathname}api/${encodeURIComponent(config.apiVersion)}/public/factx`;
  // Kept-alive connections spare a TCP (and TLS) handshake per call; undici closes an idle
  // one before the server's announced Keep-Alive timeout. TLS certificates are verified.
  const pool = new Pool(base.origin, { connections: MAX_CONNECTIONS });
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

  /**
   * One exchange with Attestr through undici's `request` on the pool. A redirect is never
   * followed (undici follows none unless told to), the whole exchange (waiting for a
   * connection, headers, body) must finish within timeoutMs, and a body larger than any
   * profile answer is refused rather than buffered: reading stops and the body is destroyed.
   */
  async function send(method: Dispatcher.HttpMethod, url: URL, body?: unknown): Promise<RawResponse> {
    const path = url.pathname;
    const started = performance.now();
    const exchange: Exchange = { onSocket: false, status: 0, tracingId: undefined };
    const mayHaveBeenApplied = () =>
      UNSAFE_METHODS.has(method) &&
      exchange.onSocket &&
      (exchange.status === 0 || (exchange.status >= 200 && exchange.status <= 299));
    const badResponse = (details: string) =>
      consoleError('UPSTREAM_BAD_RESPONSE', {
        kind: 'invalid_response',
        method,
        path,
        httpStatus: exchange.status,
        tracingId: exchange.tracingId,
        details,
      });
    const timedOut = () =>
      consoleError('UPSTREAM_TIMEOUT', {
        kind: 'timeout',
        method,
        path,
        tracingId: exchange.tracingId,
        mayHaveBeenApplied: mayHaveBeenApplied(),
        details: `No answer within ${describeSeconds(config.timeoutMs)}.`,
      });

    const deadline = new AbortController();
    // undici settles an aborted request only once it gets a connection; the caller is answered
    // at the deadline all the same, and the request, still queued, is then never sent.
    const expired = new Promise<never>((_resolve, reject) => {
      deadline.signal.addEventListener('abort', () => reject(timedOut()), { once: true });
    });
    const timer = setTimeout(() => deadline.abort(), config.timeoutMs);
    const pending = pool.compose(noteWhenOnSocket(exchange)).request({
      method,
      path,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: deadline.signal,
    });
    // Whichever loses the race must not surface later as an unhandled rejection or an open body.
    expired.catch(() => undefined);
    pending.then(
      (response) => {
        if (deadline.signal.aborted) discard(response.body);
      },
      () => undefined,
    );

    try {
      const response = await Promise.race([pending, expired]);
      exchange.status = response.statusCode;
      exchange.tracingId = tracingIdOf(response.headers.xattestrid);
      const contentType = headerText(response.headers['content-type']) ?? '';
      const retryAfter = headerText(response.headers['retry-after']) ?? null;
      if (exchange.status >= 300 && exchange.status < 400) {
        discard(response.body);
        throw badResponse('Attestr answered with a redirect, which the console never follows.');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const read = (async () => {
        for await (const chunk of response.body as AsyncIterable<Buffer>) {
          size += chunk.byteLength;
          // Leaving the loop by a throw destroys the body, closing its connection.
          if (size > MAX_RESPONSE_BYTES) {
            throw badResponse(
              `Attestr answered HTTP ${exchange.status} with a body larger than ${MAX_RESPONSE_BYTES / 1024} KiB.`,
            );
          }
          chunks.push(chunk);
        }
      })();
      await Promise.race([read, expired]);
      const raw = {
        status: exchange.status,
        text: Buffer.concat(chunks).toString('utf8'),
        contentType,
        tracingId: exchange.tracingId,
      };
      getLogger().debug(
        {
          event: 'attestr.call',
          method,
          path,
          status: raw.status,
          tracingId: raw.tracingId,
          ms: Math.round(performance.now() - started),
        },
        'attestr call',
      );
      if (raw.status < 200 || raw.status > 299) throw httpError({ raw, method, path, retryAfter });
      return raw;
    } catch (cause) {
      if (cause instanceof AttestrError) throw cause;
      if (deadline.signal.aborted || isTimeout(cause)) throw timedOut();
      throw consoleError('UPSTREAM_UNREACHABLE', {
        kind: 'network',
        method,
        path,
        cause,
        tracingId: exchange.tracingId,
        mayHaveBeenApplied: mayHaveBeenApplied(),
        details: networkDetails(cause),
      });
    } finally {
      clearTimeout(timer);
    }
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

function describeSeconds(ms: number): string {
  const seconds = Number((ms / 1000).toFixed(1));
  return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(cause: unknown): unknown {
  return (cause as { code?: unknown } | null)?.code;
}

function isTimeout(cause: unknown): boolean {
  return TIMEOUT_CODES.has(errorCode(cause) as string);
}

/** Closes a body no one will read; undici reports that as an error, which is expected here. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.once('error', () => undefined);
  body.destroy();
}

function headerText(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? header : undefined;
}

function tracingIdOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && TRACING_ID.test(header) ? header : undefined;
}

function networkDetails(cause: unknown): string {
  const code = errorCode(cause);
  if (code === 'ECONNREFUSED') return 'The connection was refused.';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The Attestr host name could not be resolved.';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET')
    return 'The connection was dropped before Attestr answered.';
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) {
    return 'The TLS connection failed: Attestr’s certificate could not be verified.';
  }
  return 'The connection failed before Attestr answered.';
}
