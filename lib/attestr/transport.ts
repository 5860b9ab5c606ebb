import 'server-only';

import { Pool, type Dispatcher } from 'undici';

import { httpError, type RawResponse } from '@/lib/attestr/answers';
import { AttestrError, consoleError } from '@/lib/attestr/errors';
import { getLogger } from '@/lib/log';

/** Sends one request to Attestr and answers its 2xx answer in full, or throws an AttestrError. */
export type Send = (method: Dispatcher.HttpMethod, url: URL, body?: unknown) => Promise<RawResponse>;

const TRACING_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Profile answers are a few KiB; an error page larger than this is cut off, never buffered whole. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Connections open to Attestr at once; further calls queue for a free one. */
const MAX_CONNECTIONS = 64;
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

/**
 * Exchanges with Attestr through undici's `request` on a pool of kept-alive connections. A
 * redirect is never followed (undici follows none unless told to), the whole exchange (waiting
 * for a connection, headers, body) must finish within timeoutMs, and a body larger than any
 * profile answer is refused rather than buffered: reading stops and the body is destroyed.
 */
export function createTransport(config: { origin: string; authToken: string; timeoutMs: number }): Send {
  // Kept-alive connections spare a TCP (and TLS) handshake per call; undici closes an idle
  // one before the server's announced Keep-Alive timeout. TLS certificates are verified.
  const pool = new Pool(config.origin, { connections: MAX_CONNECTIONS });
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    Authorization: `Basic ${config.authToken}`,
  };

  return async function send(method, url, body) {
    const path = url.pathname;
    const started = performance.now();
    const exchange: Exchange = { onSocket: false, status: 0, tracingId: undefined };
    const errors = exchangeErrors({ method, path, exchange, timeoutMs: config.timeoutMs });
    const deadline = startDeadline(config.timeoutMs, errors.timedOut);
    const pending = pool.compose(noteWhenOnSocket(exchange)).request({
      method,
      path,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: deadline.signal,
    });
    // Whichever loses the race must not surface later as an unhandled rejection or an open body.
    pending.then(
      (response) => {
        if (deadline.signal.aborted) discard(response.body);
      },
      () => undefined,
    );

    try {
      const response = await Promise.race([pending, deadline.expired]);
      exchange.status = response.statusCode;
      exchange.tracingId = tracingIdOf(response.headers.xattestrid);
      const contentType = headerText(response.headers['content-type']) ?? '';
      const retryAfter = headerText(response.headers['retry-after']) ?? null;
      if (exchange.status >= 300 && exchange.status < 400) {
        discard(response.body);
        throw errors.badResponse('Attestr answered with a redirect, which the console never follows.');
      }
      const text = await Promise.race([readBody(response.body, exchange, errors.badResponse), deadline.expired]);
      const raw = { status: exchange.status, text, contentType, tracingId: exchange.tracingId };
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
      if (deadline.signal.aborted || isTimeout(cause)) throw errors.timedOut();
      throw errors.unreachable(cause);
    } finally {
      deadline.clear();
    }
  };
}

/** The errors one exchange may end in, with what is known of it when each is made. */
function exchangeErrors(input: { method: string; path: string; exchange: Exchange; timeoutMs: number }) {
  const { method, path, exchange } = input;
  const mayHaveBeenApplied = () =>
    UNSAFE_METHODS.has(method) &&
    exchange.onSocket &&
    (exchange.status === 0 || (exchange.status >= 200 && exchange.status <= 299));
  return {
    badResponse: (details: string) =>
      consoleError('UPSTREAM_BAD_RESPONSE', {
        kind: 'invalid_response',
        method,
        path,
        httpStatus: exchange.status,
        tracingId: exchange.tracingId,
        details,
      }),
    timedOut: () =>
      consoleError('UPSTREAM_TIMEOUT', {
        kind: 'timeout',
        method,
        path,
        tracingId: exchange.tracingId,
        mayHaveBeenApplied: mayHaveBeenApplied(),
        details: `No answer within ${describeSeconds(input.timeoutMs)}.`,
      }),
    unreachable: (cause: unknown) =>
      consoleError('UPSTREAM_UNREACHABLE', {
        kind: 'network',
        method,
        path,
        cause,
        tracingId: exchange.tracingId,
        mayHaveBeenApplied: mayHaveBeenApplied(),
        details: networkDetails(cause),
      }),
  };
}

/**
 * Aborts the exchange after timeoutMs. undici settles an aborted request only once it gets a
 * connection; the caller is answered at the deadline all the same (`expired` rejects), and
 * the request, still queued, is then never sent.
 */
function startDeadline(timeoutMs: number, timedOut: () => AttestrError) {
  const deadline = new AbortController();
  const expired = new Promise<never>((_resolve, reject) => {
    deadline.signal.addEventListener('abort', () => reject(timedOut()), { once: true });
  });
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  // Should the answer win the race, nothing waits on this rejection any more.
  expired.catch(() => undefined);
  return { signal: deadline.signal, expired, clear: () => clearTimeout(timer) };
}

/** Reads a body up to MAX_RESPONSE_BYTES; beyond, it throws, which destroys the body and closes its connection. */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  exchange: Exchange,
  badResponse: (details: string) => AttestrError,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      throw badResponse(
        `Attestr answered HTTP ${exchange.status} with a body larger than ${MAX_RESPONSE_BYTES / 1024} KiB.`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
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
