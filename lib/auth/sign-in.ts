import 'server-only';

import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody } from '@/lib/api/handler';
import { getAuth } from '@/lib/auth/auth';
import { clearFailures, emailThrottleKey, refundTry, takeTry, type ThrottleRule } from '@/lib/db/sign-in-throttle';
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
 * Per account, a growing wait rather than a lock: after 5 failures each further try must wait
 * 1 s, then 2 s, 4 s … up to 5 minutes, so that a stranger typing wrong passwords for
 * someone's email can slow guessing down but never keep that person out for long.
 */
export const EMAIL_RULE: ThrottleRule = {
  freeFailures: 5,
  firstWaitMs: 1_000,
  maxWaitMs: 5 * 60_000,
  windowMs: 60 * 60_000,
};
/** Per client address (only behind a trusted proxy): a hard limit, as offices share one address. */
export const IP_RULE: ThrottleRule = {
  freeFailures: 30,
  firstWaitMs: 15 * 60_000,
  maxWaitMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

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
 * Email-and-password sign-in through Better Auth, with failures counted in the database (so
 * instances share them) and one answer for a wrong password and an unknown email alike.
 * The session token stays in its httpOnly cookie: Better Auth's body, which repeats it, is
 * not passed on.
 */
export async function signIn(request: NextRequest): Promise<Response> {
  // Checked before anything is counted: a malformed email cannot name an account, and no
  // password is tried, so it counts towards neither an account's lock-out nor the address's.
  const { email, password } = await parseWith(signInSchema, await readJsonBody(request));
  const address = clientAddress(request);
  const addressKey = address ? `ip:${address}` : null;
  const emailKey = emailThrottleKey(email);
  const now = Date.now();
  const log = getLogger();

  // Counted before the password is checked, so that tries sent all at once are each counted
  // and only as many as the rules allow reach the password. The address first, so that a
  // burst across many emails stops at the address's limit without touching their accounts'
  // counts. A try refused here checks no password and counts nowhere.
  if (addressKey) {
    const byAddress = await takeTry({ key: addressKey, now, rule: IP_RULE });
    if (!byAddress.taken) return tooManyAttempts({ retryAt: byAddress.retryAt, now, scope: 'address' });
  }
  const byEmail = await takeTry({ key: emailKey, now, rule: EMAIL_RULE });
  if (!byEmail.taken) {
    if (addressKey) await refundTry({ key: addressKey, rule: IP_RULE });
    return tooManyAttempts({ retryAt: byEmail.retryAt, now, scope: 'account' });
  }

  const headers = new Headers(request.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const upstream = await getAuth().handler(
    new Request(request.url, { method: 'POST', headers, body: JSON.stringify({ email, password }) }),
  );

  if (upstream.ok) {
    const body = (await upstream.json()) as { user?: { id?: string; name?: string; role?: string } };
    await clearFailures(emailKey);
    if (addressKey) await refundTry({ key: addressKey, rule: IP_RULE });
    log.info({ event: 'auth.sign_in', userId: body.user?.id, role: body.user?.role }, 'signed in');
    return copyCookies(
      upstream,
      NextResponse.json(
        { ok: true, user: { name: body.user?.name, role: body.user?.role } },
        {
          headers: { 'Cache-Control': 'no-store' },
        },
      ),
    );
  }

  // Better Auth answers 401 for a wrong password or unknown email, 403 with BANNED_USER for a
  // disabled account, 400 for a request it will not check the password of (a malformed email
  // the schema above let through, say), and other 403s (an origin it does not trust) for a
  // misconfiguration.
  const { code } = ((await upstream.json().catch(() => ({}))) ?? {}) as { code?: string };
  const reason =
    upstream.status === 401
      ? 'credentials'
      : upstream.status === 403 && code === 'BANNED_USER'
        ? 'disabled'
        : upstream.status === 400
          ? 'invalid_request'
          : 'refused';
  log.warn({ event: 'auth.sign_in_failed', reason, status: upstream.status, code }, 'sign-in failed');
  if (reason === 'invalid_request') {
    // No password was checked: the try is taken back from both counts.
    await refundTry({ key: emailKey, rule: EMAIL_RULE });
    if (addressKey) await refundTry({ key: addressKey, rule: IP_RULE });
    throw code === 'INVALID_EMAIL'
      ? new ApiError('VALIDATION_FAILED', { fieldErrors: { email: EMAIL_MESSAGE } })
      : new ApiError('BAD_REQUEST');
  }
  throw new ApiError(
    reason === 'credentials' ? 'INVALID_CREDENTIALS' : reason === 'disabled' ? 'ACCOUNT_DISABLED' : 'INTERNAL',
  );
}

/** "3 seconds", "1 minute", "5 minutes": a wait as a person would say it. */
function inWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function tooManyAttempts(input: { retryAt: number; now: number; scope: 'account' | 'address' }): Response {
  getLogger().warn({ event: 'auth.sign_in_throttled', scope: input.scope }, 'sign-in refused: too many failures');
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
