import 'server-only';

import { getAuth } from '@/lib/auth/auth';
import { sameOriginPath } from '@/lib/auth/next-path';
import { getConsoleOrigin, getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

export interface SessionRead {
  user: SessionUser;
  /**
   * `Set-Cookie` lines to send back: the session cookie again, with a new lifetime, when this
   * read slid the idle expiry. Empty on most requests.
   */
  setCookies: string[];
}

/**
 * The signed-in user of a request, through Better Auth's getSession on every call. With no
 * cookie cache it reads the session and its user from the database each time, so a disabled
 * account, a changed role or a signed-out session counts from the very next request; it
 * slides the idle expiry (at most once per `updateAge`) and answers the renewed cookie. The
 * absolute lifetime (SESSION_MAX_HOURS) is the console's own rule, checked here.
 */
export async function readSession(requestHeaders: Headers): Promise<SessionRead | null> {
  if (!requestHeaders.get('cookie')) return null;
  const auth = getAuth();
  const { headers: answered, response } = await auth.api.getSession({ headers: requestHeaders, returnHeaders: true });
  if (!response || response.user.banned) return null;
  const { session, user } = response;
  if (Date.now() - new Date(session.createdAt).getTime() > getEnv().SESSION_MAX_HOURS * 3_600_000) {
    await (await auth.$context).internalAdapter.deleteSession(session.token);
    getLogger().info({ event: 'auth.session_expired', userId: user.id, reason: 'absolute' }, 'session expired');
    return null;
  }
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role ?? '' },
    setCookies: answered.getSetCookie(),
  };
}

/** The signed-in user, or null; see readSession. */
export async function getSessionUser(requestHeaders: Headers): Promise<SessionUser | null> {
  return (await readSession(requestHeaders))?.user ?? null;
}

/** Where to sign in, coming back to `path` afterwards; only the console's own pages are kept. */
export function signInPath(path: string | null | undefined): string {
  const next = sameOriginPath(path, getConsoleOrigin());
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}
