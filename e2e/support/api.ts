import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';

import { signIn, type Role } from '../fixtures/auth';
import { SEED } from '../fixtures/sandbox';
import { E2E } from '../fixtures/settings';

/** The headers the console's own pages send with a state-changing request. */
export function sameOrigin(baseUrl: string = E2E.baseUrl): Record<string, string> {
  return { Origin: baseUrl, 'Sec-Fetch-Site': 'same-origin' };
}

/**
 * No cookies. Inside a test, `request.newContext()` otherwise starts from the test's own
 * storageState (the `role` option's session), so a context meant to be signed out is not.
 */
export const SIGNED_OUT = { cookies: [], origins: [] };

/**
 * An API client as the console's own pages would call it: same-origin headers and, for a
 * role, a session of its own (a fresh sign-in, so signing it out harms no other test).
 */
export async function apiAs(role: Role | null, baseUrl: string = E2E.baseUrl): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: baseUrl,
    extraHTTPHeaders: sameOrigin(baseUrl),
    storageState: role ? await signIn(role) : SIGNED_OUT,
  });
}

/**
 * Ends a session on the server, as the idle limit or a sign-out in another tab would, while a
 * browser still holds its cookie.
 */
export async function endSessionElsewhere(session: Awaited<ReturnType<typeof signIn>>): Promise<void> {
  const elsewhere = await request.newContext({
    baseURL: E2E.baseUrl,
    extraHTTPHeaders: sameOrigin(),
    storageState: session,
  });
  expect((await elsewhere.post('/api/auth/sign-out')).status()).toBe(200);
  await elsewhere.dispose();
}

/** Signs in with any credentials; the context keeps the session cookie when it succeeds. */
export async function signInWith(
  email: string,
  password: string,
  baseUrl: string = E2E.baseUrl,
): Promise<{ api: APIRequestContext; response: APIResponse }> {
  const api = await request.newContext({
    baseURL: baseUrl,
    extraHTTPHeaders: sameOrigin(baseUrl),
    storageState: SIGNED_OUT,
  });
  const response = await api.post('/api/auth/sign-in/email', { data: { email, password } });
  return { api, response };
}

/**
 * The console's PUT body for the seeded profile as its form sends it: the fields with `changes`
 * applied, and `base`, the values the form loaded.
 */
export function gitanjaliWith(changes: Partial<Record<'tag' | 'name' | 'email' | 'mobile', string>> = {}) {
  const { tag, name, email, mobile } = SEED.gitanjali;
  const base = { tag, name, email, mobile };
  return { ...base, ...changes, base };
}

/** The console's JSON error code of an answer (`error.code`), or undefined when it has none. */
export async function errorCode(response: APIResponse): Promise<string | number | undefined> {
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: string | number } } | undefined;
  return body?.error?.code;
}

/** Asserts the console's JSON error shape and code. */
export async function expectApiError(response: APIResponse, status: number, code: string): Promise<void> {
  const text = await response.text();
  expect(response.status(), `${response.url()}: ${text}`).toBe(status);
  expect(response.headers()['content-type'] ?? '').toMatch(/^application\/json/);
  expect(JSON.parse(text)).toMatchObject({ error: { source: 'console', code, httpStatus: status } });
}
