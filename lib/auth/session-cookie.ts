import { getEnv } from '@/lib/env';

export const HOST_COOKIE_PREFIX = '__Host-';

/** Better Auth's session cookie: `__Host-` prefixed (and Secure) when the console is served over https (lib/auth/auth.ts). */
const SESSION_COOKIE_NAMES = [`${HOST_COOKIE_PREFIX}better-auth.session_token`, 'better-auth.session_token'] as const;
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

export interface SessionCookie {
  name: string;
  /** As the browser sent it (still URL-encoded). */
  value: string;
}

/** The session cookie a request carries, if any; it is not verified here. */
export function sessionCookieOf(headers: Headers): SessionCookie | null {
  const header = headers.get('cookie');
  if (!header) return null;
  const found = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!found.has(name)) found.set(name, part.slice(eq + 1).trim());
  }
  for (const name of SESSION_COOKIE_NAMES) {
    const value = found.get(name);
    if (value && COOKIE_VALUE.test(value)) return { name, value };
  }
  return null;
}

/**
 * The session cookie set again with a full idle lifetime. The database decides whether the
 * session is alive; the cookie only has to outlive it, so a session kept alive by use is
 * never cut short by the browser dropping its cookie.
 */
export function sessionCookieRenewal(cookie: SessionCookie): string {
  const secure = cookie.name.startsWith(HOST_COOKIE_PREFIX) ? '; Secure' : '';
  const maxAge = getEnv().SESSION_IDLE_MINUTES * 60;
  return `${cookie.name}=${cookie.value}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Lax${secure}`;
}
