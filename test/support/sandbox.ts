import { afterEach, expect } from 'vitest';

import { startSandbox, type RunningSandbox, type SandboxOptions } from '@/sandbox/server';

export const TOKEN = 'sandbox-test-token';
export const FACTX = '/api/v1/public/factx';
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Copied from the docs' error table, not imported, so a drift in the shared table fails here. */
export const DOCUMENTED_ERRORS: Record<number, [status: number, message: string]> = {
  4001: [400, 'Malformed data or missing required parameter values'],
  4005: [400, 'Operation could not be performed due to low credits balance'],
  40018: [400, 'Invalid profile Id or you do not have access to this record'],
  40038: [400, 'Profile is archived already, operation not allowed'],
  4016: [401, 'Invalid client authorization'],
  4031: [403, 'Unauthorized access'],
  4035: [403, 'Requested service is not provisioned for your account'],
  4039: [403, "Client's IP address is not whitelisted"],
  4291: [429, 'Maximum account rate limit exceeded'],
  4292: [429, 'Maximum API rate limit exceeded'],
  4293: [429, 'Maximum account daily limit exceeded'],
  4294: [429, 'Maximum API daily limit exceeded'],
  5001: [500, 'Request could not be processed'],
};

/** A sandbox clock the test moves by hand. */
export const clock = { now: Date.parse('2026-03-10T10:00:00.000Z') };

const running: RunningSandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
  clock.now = Date.parse('2026-03-10T10:00:00.000Z');
});

/** Starts a sandbox on the test clock, closed after the test. */
export async function start(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ token: TOKEN, now: () => clock.now, ...options });
  running.push(sandbox);
  return sandbox;
}

export interface CallOptions {
  method?: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Serialised as JSON. */
  body?: unknown;
  rawBody?: string;
  /** `null` sends no Authorization header; a string replaces the whole header value. */
  authorization?: string | null;
  /** `null` sends no Content-Type header. */
  contentType?: string | null;
  signal?: AbortSignal;
}

export function call(sandbox: RunningSandbox, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.authorization !== null) headers.authorization = options.authorization ?? `Basic ${TOKEN}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && options.contentType !== null) {
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  return fetch(`${sandbox.url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body,
    signal: options.signal,
  });
}

/** Asserts a documented Attestr error: status, JSON body exactly as documented, tracing id. */
export async function expectAttestrError(response: Response, code: number, details?: string | RegExp): Promise<void> {
  const documented = DOCUMENTED_ERRORS[code];
  if (!documented) throw new Error(`Test asks for undocumented code ${code}`);
  const [status, message] = documented;
  const body: unknown = await response.json();
  expect({ status: response.status, body }).toEqual({
    status,
    body:
      details === undefined
        ? { code, message }
        : { code, message, details: typeof details === 'string' ? details : expect.stringMatching(details) },
  });
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('xattestrid')).toMatch(UUID_PATTERN);
}

export async function getProfile(sandbox: RunningSandbox, profileId: string): Promise<Record<string, unknown>> {
  const response = await call(sandbox, `${FACTX}/${profileId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}
