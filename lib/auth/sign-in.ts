import 'server-only';

import { getAuth } from '@/lib/auth/auth';
import { recordSignIn } from '@/lib/db/last-sign-in';
import { clearFailures, emailThrottleKey, refundTry, takeTry, type ThrottleRule } from '@/lib/db/sign-in-throttle';
import { getLogger } from '@/lib/log';

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

/** How a sign-in ended; lib/api/sign-in.ts turns it into the answer. */
export type SignInOutcome =
  | {
      kind: 'signed_in';
      user: { name?: string; role?: string };
      /** Better Auth's Set-Cookie headers: the session token stays in its httpOnly cookie. */
      setCookies: string[];
    }
  | { kind: 'throttled'; scope: 'account' | 'address'; retryAt: number; now: number }
  /** 'invalid_request': no password was checked (and the try was taken back). */
  | { kind: 'refused'; reason: 'credentials' | 'disabled' | 'invalid_request' | 'refused'; code?: string };

/**
 * Email-and-password sign-in through Better Auth, with failures counted in the database (so
 * instances share them) and one outcome for a wrong password and an unknown email alike.
 * `url` and `headers` are the browser's request's, passed on to Better Auth; `clientAddress`
 * is the caller's, believed only from a trusted proxy (null otherwise).
 */
export async function signInWithPassword(input: {
  email: string;
  password: string;
  clientAddress: string | null;
  url: string;
  headers: Headers;
}): Promise<SignInOutcome> {
  const { email, password } = input;
  const addressKey = input.clientAddress ? `ip:${input.clientAddress}` : null;
  const emailKey = emailThrottleKey(email);
  const now = Date.now();
  const log = getLogger();

  // Counted before the password is checked, so that tries sent all at once are each counted
  // and only as many as the rules allow reach the password. The address first, so that a
  // burst across many emails stops at the address's limit without touching their accounts'
  // counts. A try refused here checks no password and counts nowhere.
  if (addressKey) {
    const byAddress = await takeTry({ key: addressKey, now, rule: IP_RULE });
    if (!byAddress.taken) return throttled({ retryAt: byAddress.retryAt, now, scope: 'address' });
  }
  const byEmail = await takeTry({ key: emailKey, now, rule: EMAIL_RULE });
  if (!byEmail.taken) {
    if (addressKey) await refundTry({ key: addressKey, rule: IP_RULE });
    return throttled({ retryAt: byEmail.retryAt, now, scope: 'account' });
  }

  const headers = new Headers(input.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const upstream = await getAuth().handler(
    new Request(input.url, { method: 'POST', headers, body: JSON.stringify({ email, password }) }),
  );

  if (upstream.ok) {
    const body = (await upstream.json()) as { user?: { id?: string; name?: string; role?: string } };
    await clearFailures(emailKey);
    if (addressKey) await refundTry({ key: addressKey, rule: IP_RULE });
    if (body.user?.id) await recordSignIn({ userId: body.user.id, at: now });
    log.info({ event: 'auth.sign_in', userId: body.user?.id, role: body.user?.role }, 'signed in');
    return {
      kind: 'signed_in',
      user: { name: body.user?.name, role: body.user?.role },
      setCookies: upstream.headers.getSetCookie(),
    };
  }

  // Better Auth answers 401 for a wrong password or unknown email, 403 with BANNED_USER for a
  // disabled account, 400 for a request it will not check the password of (a malformed email
  // the route's schema let through, say), and other 403s (an origin it does not trust) for a
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
  }
  return { kind: 'refused', reason, code };
}

function throttled(input: { retryAt: number; now: number; scope: 'account' | 'address' }): SignInOutcome {
  getLogger().warn({ event: 'auth.sign_in_throttled', scope: input.scope }, 'sign-in refused: too many failures');
  return { kind: 'throttled', ...input };
}
