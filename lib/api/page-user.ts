import 'server-only';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';

import { REQUEST_PATH_HEADER } from '@/lib/auth/request-path';
import { getSessionUser, signInPath, type SessionUser } from '@/lib/auth/session';

/** The signed-in user of the page being rendered, looked up once per request. */
export const getPageUser = cache(async (): Promise<SessionUser | null> => getSessionUser(await headers()));

/** The signed-in user, or a redirect to the sign-in page and back. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getPageUser();
  if (user) return user;
  redirect(signInPath((await headers()).get(REQUEST_PATH_HEADER)));
}
