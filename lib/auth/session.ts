import 'server-only';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';

import { getAuth } from '@/lib/auth/auth';
import { REQUEST_PATH_HEADER } from '@/lib/auth/request-path';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

/**
 * The signed-in user of a request, read from the database on every call (no cookie cache),
 * so a disabled account or a changed role counts from the very next request.
 */
export async function getSessionUser(requestHeaders: Headers): Promise<SessionUser | null> {
  const auth = getAuth();
  const result = await auth.api.getSession({ headers: requestHeaders });
  if (!result) return null;
  const { session, user } = result;
  if (user.banned) return null;
  const ageMs = Date.now() - new Date(session.createdAt).getTime();
  if (ageMs > getEnv().SESSION_MAX_HOURS * 3_600_000) {
    const context = await auth.$context;
    await context.internalAdapter.deleteSession(session.token);
    getLogger().info({ event: 'auth.session_expired', userId: user.id, reason: 'absolute' }, 'session expired');
    return null;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role ?? '' };
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
