import 'server-only';

import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody } from '@/lib/api/handler';
import { getAuth } from '@/lib/auth/auth';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { getConsoleOrigin, getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';
import { withoutNul } from '@/lib/shared/request-text';

const EMAIL_MESSAGE = 'Enter an email address, like name@company.com';

/** Trimmed and lowercased before the format check, so `  Name@Company.com ` is accepted. */
const signInSchema = z.object({
  email: z
    .string({ error: EMAIL_MESSAGE })
    .trim()
    .toLowerCase()
    .max(254, 'Email must be 254 characters or fewer')
    .pipe(z.email(EMAIL_MESSAGE)),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(256, 'Use at most 256 characters')
    .check(withoutNul('A password')),
});

/**
 * The client address, believed only from a configured trusted proxy: otherwise anyone could
 * rotate X-Forwarded-For to escape the per-address counter.
 */
function clientAddress(request: NextRequest): string | null {
  const proxies = getEnv().TRUSTED_PROXIES;
  if (proxies.length === 0) return null;
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (hops.length > 0 && proxies.includes(hops[hops.length - 1] as string)) hops.pop();
  return hops.at(-1) ?? null;
}

function copyCookies(from: Response, to: NextResponse): NextResponse {
  for (const cookie of from.headers.getSetCookie()) to.headers.append('Set-Cookie', cookie);
  return to;
}

/**
 * POST /api/auth/sign-in/email: the answer to lib/auth's sign-in. The session token stays in
 * its httpOnly cookie: Better Auth's body, which repeats it, is not passed on.
 */
export async function signIn(request: NextRequest): Promise<Response> {
  // Checked before anything is counted: a malformed email cannot name an account, and no
  // password is tried, so it counts towards neither an account's lock-out nor the address's.
  const { email, password } = await parseWith(signInSchema, await readJsonBody(request));
  const outcome = await signInWithPassword({
    email,
    password,
    clientAddress: clientAddress(request),
    url: request.url,
    headers: request.headers,
  });
  if (outcome.kind === 'throttled') return tooManyAttempts(outcome);
  if (outcome.kind === 'signed_in') {
    const answer = NextResponse.json(
      { ok: true, user: outcome.user },
      {
        headers: { 'Cache-Control': 'no-store' },
      },
    );
    for (const cookie of outcome.setCookies) answer.headers.append('Set-Cookie', cookie);
    return answer;
  }
  if (outcome.reason === 'invalid_request') {
    throw outcome.code === 'INVALID_EMAIL'
      ? new ApiError('VALIDATION_FAILED', { fieldErrors: { email: EMAIL_MESSAGE } })
      : new ApiError('BAD_REQUEST');
  }
  throw new ApiError(
    outcome.reason === 'credentials'
      ? 'INVALID_CREDENTIALS'
      : outcome.reason === 'disabled'
        ? 'ACCOUNT_DISABLED'
        : 'INTERNAL',
  );
}

/** "3 seconds", "1 minute", "5 minutes": a wait as a person would say it. */
function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooManyAttempts(input: { retryAt: number; now: number; scope: 'account' | 'address' }): Response {
  const seconds = Math.max(1, Math.ceil((input.retryAt - input.now) / 1000));
  const details =
    input.scope === 'account'
      ? `Wait ${inWords(seconds)}, then sign in again with the right password. If you have forgotten it, ask an administrator to set a new one.`
      : `Too many failed sign-ins came from your network. Wait ${inWords(seconds)}, then try again.`;
  const response = new ApiError('TOO_MANY_SIGN_IN_ATTEMPTS', { details }).toResponse();
  response.headers.set('Retry-After', String(seconds));
  return response;
}

/**
 * Asks the browser to empty the console's storage: the recently opened profiles (names of
 * people) must not stay behind for whoever uses the browser next.
 */
const CLEAR_STORAGE = { 'Clear-Site-Data': '"storage"' };

/** Ends the session on the server (deletes it), clears the cookie and the browser's storage. */
export async function signOut(request: NextRequest, userId: string): Promise<Response> {
  const upstream = await getAuth().handler(new Request(request.url, { method: 'POST', headers: request.headers }));
  getLogger().info({ event: 'auth.sign_out', userId, status: upstream.status }, 'signed out');
  const answer = isFormSubmission(request)
    ? signInRedirect()
    : NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store', ...CLEAR_STORAGE } });
  return copyCookies(upstream, answer);
}

/** A browser submitting an HTML form (the header's Sign out button), rather than a script. */
export function isFormSubmission(request: NextRequest): boolean {
  return /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(
    request.headers.get('content-type') ?? '',
  );
}

/**
 * 303 to the sign-in page after the Sign out form: the browser follows it with a GET, as
 * after any form, having emptied the console's storage.
 */
export function signInRedirect(): NextResponse {
  return NextResponse.redirect(new URL('/sign-in', getConsoleOrigin()), {
    status: 303,
    headers: { 'Cache-Control': 'no-store', ...CLEAR_STORAGE },
  });
}
