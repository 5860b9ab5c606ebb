import 'server-only';

import { isAPIError } from 'better-auth/api';
import type { z } from 'zod';

import { getAuth } from '@/lib/auth/auth';
import type { SessionUser } from '@/lib/auth/session';
import { listLastSignIns } from '@/lib/db/last-sign-in';
import { clearFailures, emailThrottleKey } from '@/lib/db/sign-in-throttle';
import { inUserAccessTransaction } from '@/lib/db/users';
import { DomainError } from '@/lib/errors/domain-error';
import { getLogger } from '@/lib/log';
import type { ConsoleUser, changeOwnPasswordSchema, changeUserSchema, createUserSchema } from '@/lib/users/schema';

/**
 * User management through Better Auth's admin API, called with the administrator's own
 * request headers so Better Auth checks their role too; role changes and disabling are done in
 * a locked transaction of the console's own (changeUser). Every change is logged as an event.
 */
type Actor = { user: SessionUser; headers: Headers };

function toConsoleUser(
  user: {
    id: string;
    name: string;
    email: string;
    role?: string | null;
    banned?: boolean | null;
    createdAt: Date | string;
  },
  lastSignIn?: number,
): ConsoleUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role ?? '',
    disabled: Boolean(user.banned),
    createdAt: new Date(user.createdAt).toISOString(),
    lastSignInAt: lastSignIn === undefined ? null : new Date(lastSignIn).toISOString(),
  };
}

async function mapAuthErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // isAPIError, not `instanceof`: it also knows an APIError whose class comes from another copy of
    // Better Auth's modules (Next bundles instrumentation, pages and route handlers separately).
    if (isAPIError(error)) {
      if (/exist/i.test(error.message)) throw new DomainError('conflict', 'USER_EXISTS');
      if (error.statusCode === 404) throw new DomainError('not_found', 'NOT_FOUND', { details: 'No such user.' });
      if (error.statusCode === 403 || error.statusCode === 401) throw new DomainError('forbidden', 'FORBIDDEN');
      throw new DomainError('refused', 'BAD_REQUEST', { details: error.message });
    }
    throw error;
  }
}

export async function listUsers(actor: Actor): Promise<ConsoleUser[]> {
  const result = await mapAuthErrors(() =>
    getAuth().api.listUsers({
      query: { limit: 500, sortBy: 'createdAt', sortDirection: 'asc' },
      headers: actor.headers,
    }),
  );
  const lastSignIns = await listLastSignIns();
  return result.users.map((user) => toConsoleUser(user, lastSignIns.get(user.id)));
}

export async function createUser(actor: Actor, input: z.output<typeof createUserSchema>): Promise<ConsoleUser> {
  const { user } = await mapAuthErrors(() => getAuth().api.createUser({ body: input, headers: actor.headers })).catch(
    (error: unknown) => {
      // The email is what collides: the form marks that field.
      if (error instanceof DomainError && error.code === 'USER_EXISTS') {
        throw new DomainError('conflict', 'USER_EXISTS', {
          fieldErrors: { email: 'Someone already uses this email; use another, or change the existing user' },
        });
      }
      throw error;
    },
  );
  getLogger().info(
    { event: 'user.created', userId: user.id, role: input.role, actorId: actor.user.id },
    'user created',
  );
  return toConsoleUser(user);
}

/**
 * Changes a user's role, or disables or enables the account. Done in one locked transaction
 * (lib/db/users.ts), not through Better Auth's calls, because it must read and write together:
 * two administrators demoting or disabling each other at the same moment would otherwise both
 * succeed and leave none. A change that would leave no active administrator is refused
 * (LAST_ADMIN), and so is one by someone who has stopped being an active administrator since
 * their request was let in (FORBIDDEN).
 */
export async function changeUser(
  actor: Actor,
  input: { userId: string; change: z.output<typeof changeUserSchema> },
): Promise<void> {
  const { userId, change } = input;
  const actorId = actor.user.id;
  if (userId === actorId) throw new DomainError('refused', 'SELF_CHANGE');
  await inUserAccessTransaction(async (tx) => {
    const users = await tx.find({ ids: [userId, actorId] });
    const target = users.get(userId);
    if (!target) throw new DomainError('not_found', 'NOT_FOUND', { details: 'No such user.' });
    const removesAnAdmin =
      target.role === 'admin' && !target.disabled && ('role' in change ? change.role !== 'admin' : change.disabled);
    if (removesAnAdmin) {
      const remaining = (await tx.listActiveAdminIds()).filter((id) => id !== userId);
      if (remaining.length === 0) throw new DomainError('invalid_state', 'LAST_ADMIN');
    }
    const self = users.get(actorId);
    if (!self || self.role !== 'admin' || self.disabled) throw new DomainError('forbidden', 'FORBIDDEN');

    if ('role' in change) await tx.setRole({ userId, role: change.role });
    else if (change.disabled) await tx.disable({ userId, reason: 'Disabled by an administrator' });
    else await tx.enable({ userId });
  });
  if ('role' in change) {
    getLogger().info({ event: 'user.role_changed', userId, role: change.role, actorId }, 'role changed');
  } else if (change.disabled) {
    // Disabling also deleted the user's sessions: they are signed out on their next request.
    getLogger().info({ event: 'user.disabled', userId, actorId }, 'user disabled');
  } else {
    getLogger().info({ event: 'user.enabled', userId, actorId }, 'user enabled');
  }
}

/**
 * Sets a new password. Whoever knew the old one is signed out everywhere: all the user's
 * sessions end, except, when administrators reset their own password, the one they are using.
 * The account's sign-in wait is cleared, so the person can sign in with it at once.
 */
export async function resetPassword(actor: Actor, input: { userId: string; password: string }): Promise<void> {
  const auth = getAuth();
  const api = auth.api;
  await mapAuthErrors(() =>
    api.setUserPassword({ body: { userId: input.userId, newPassword: input.password }, headers: actor.headers }),
  );
  if (input.userId === actor.user.id) {
    await mapAuthErrors(() => api.revokeOtherSessions({ headers: actor.headers }));
  } else {
    await mapAuthErrors(() => api.revokeUserSessions({ body: { userId: input.userId }, headers: actor.headers }));
  }
  const user = await (await auth.$context).internalAdapter.findUserById(input.userId);
  if (user) await clearFailures(emailThrottleKey(user.email));
  getLogger().info({ event: 'user.password_reset', userId: input.userId, actorId: actor.user.id }, 'password reset');
}

/**
 * A person changes their own password through Better Auth's changePassword, which checks the
 * current one. Every other session of theirs ends; this one is replaced by a new session, whose
 * cookies are returned for the answer to set.
 */
export async function changeOwnPassword(
  actor: Actor,
  input: z.output<typeof changeOwnPasswordSchema>,
): Promise<{ setCookies: string[] }> {
  let headers: Headers;
  try {
    ({ headers } = await getAuth().api.changePassword({
      body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
      headers: actor.headers,
      returnHeaders: true,
    }));
  } catch (error) {
    if (isAPIError(error) && error.body?.code === 'INVALID_PASSWORD') {
      throw new DomainError('refused', 'CURRENT_PASSWORD_WRONG', {
        fieldErrors: { currentPassword: 'This is not your current password' },
      });
    }
    if (isAPIError(error) && error.statusCode === 401) throw new DomainError('forbidden', 'UNAUTHENTICATED');
    return mapAuthErrors(() => Promise.reject(error));
  }
  getLogger().info({ event: 'user.password_changed', userId: actor.user.id }, 'own password changed');
  return { setCookies: headers.getSetCookie() };
}
