import 'server-only';

import { createHmac, timingSafeEqual } from 'node:crypto';

import { parseCookies } from 'better-auth/cookies';
import type { Kysely } from 'kysely';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';

import { getAuth } from '@/lib/auth/auth';
import { REQUEST_PATH_HEADER } from '@/lib/auth/request-path';
import { getDatabase } from '@/lib/db/connection';
import { preparedQuery } from '@/lib/db/prepared';
import type { Database } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
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

/** Better Auth's tables, as far as reading a session needs them. */
type AuthTables = {
  session: { token: string; userId: string; expiresAt: string | Date; createdAt: string | Date };
  user: { id: string; email: string; name: string; role: string | null; banned: number | boolean | null };
};

const selectSession = preparedQuery(['token'] as const, (db: Kysely<Database>, v) =>
  db
    .withTables<AuthTables>()
    .selectFrom('session')
    .innerJoin('user', 'user.id', 'session.userId')
    .select([
      'session.expiresAt',
      'session.createdAt',
      'user.id',
      'user.email',
      'user.name',
      'user.role',
      'user.banned',
    ])
    .where('session.token', '=', v.token),
);

/** Better Auth signs the cookie with HMAC-SHA256; its base64 signature is 44 characters. */
const SIGNATURE_LENGTH = 44;

const time = (value: string | Date) => new Date(value).getTime();

/**
 * The signed-in user of a request, read from the database on every call (no cookie cache),
 * so a disabled account, a changed role or a signed-out session counts from the very next
 * request. Sessions are Better Auth's: its cookie, signature and tables. This reads them in
 * one indexed query and a synchronous HMAC check, which costs a fraction of Better Auth's
 * own getSession; whenever a write is due (the idle expiry slides, at most once per
 * `updateAge`) or the session has ended, Better Auth's getSession does the work itself.
 */
export async function readSession(requestHeaders: Headers): Promise<SessionRead | null> {
  const cookieHeader = requestHeaders.get('cookie');
  if (!cookieHeader) return null;
  const auth = getAuth();
  const context = await auth.$context;
  const token = verifiedToken(parseCookies(cookieHeader).get(context.authCookies.sessionToken.name), context.secret);
  if (!token) return null;

  const [row] = (await selectSession(getDatabase(), { token })).rows;
  if (!row || row.banned) return null;

  const now = Date.now();
  if (now - time(row.createdAt) > getEnv().SESSION_MAX_HOURS * 3_600_000) {
    await context.internalAdapter.deleteSession(token);
    getLogger().info({ event: 'auth.session_expired', userId: row.id, reason: 'absolute' }, 'session expired');
    return null;
  }
  const { expiresIn, updateAge } = context.sessionConfig;
  const writeDue = time(row.expiresAt) <= now || time(row.expiresAt) - expiresIn * 1000 + updateAge * 1000 <= now;
  if (writeDue) return readSessionThroughBetterAuth(requestHeaders);
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role ?? '' },
    setCookies: [],
  };
}

/** Better Auth's own getSession: slides the idle expiry, or deletes a session that has ended. */
async function readSessionThroughBetterAuth(requestHeaders: Headers): Promise<SessionRead | null> {
  const { headers, response } = await getAuth().api.getSession({ headers: requestHeaders, returnHeaders: true });
  if (!response || response.user.banned) return null;
  const { user } = response;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role ?? '' },
    setCookies: headers.getSetCookie(),
  };
}

/**
 * Cookie values whose signature has been checked, with their token: a session's cookie comes
 * back unchanged on every request, and checking its HMAC each time cost about 30 µs of CPU per
 * request on a 2-core test machine. Only values that passed the check enter; the oldest entry
 * leaves when the map is full. The database is still read on every request.
 */
const verifiedCookies = new Map<string, { secret: string; token: string }>();
const VERIFIED_COOKIES_MAX = 1_000;

/** The session token of a cookie value `<token>.<signature>`, if the signature is the console's. */
function verifiedToken(cookieValue: string | undefined, secret: string): string | null {
  if (!cookieValue) return null;
  const known = verifiedCookies.get(cookieValue);
  if (known?.secret === secret) return known.token;
  const dot = cookieValue.lastIndexOf('.');
  if (dot < 1) return null;
  const signature = cookieValue.slice(dot + 1);
  if (signature.length !== SIGNATURE_LENGTH || !signature.endsWith('=')) return null;
  const token = cookieValue.slice(0, dot);
  const expected = createHmac('sha256', secret).update(token).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (verifiedCookies.size >= VERIFIED_COOKIES_MAX)
    verifiedCookies.delete(verifiedCookies.keys().next().value as string);
  verifiedCookies.set(cookieValue, { secret, token });
  return token;
}

/** The signed-in user, or null; see readSession. */
export async function getSessionUser(requestHeaders: Headers): Promise<SessionUser | null> {
  return (await readSession(requestHeaders))?.user ?? null;
}

/** The signed-in user of the page being rendered, looked up once per request. */
export const getPageUser = cache(async (): Promise<SessionUser | null> => getSessionUser(await headers()));

/** Where to sign in, coming back to `path` afterwards; only local paths are kept. */
export function signInPath(path: string | null | undefined): string {
  return path && path !== '/' && isLocalPath(path) ? `/sign-in?next=${encodeURIComponent(path)}` : '/sign-in';
}

export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
}

/** The signed-in user, or a redirect to the sign-in page and back. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getPageUser();
  if (user) return user;
  redirect(signInPath((await headers()).get(REQUEST_PATH_HEADER)));
}
