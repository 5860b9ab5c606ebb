import 'server-only';

import { betterAuth } from 'better-auth';
import { admin } from 'better-auth/plugins/admin';
import { createAccessControl } from 'better-auth/plugins/access';
import { defaultStatements } from 'better-auth/plugins/admin/access';

import { HOST_COOKIE_PREFIX } from '@/lib/auth/session-cookie';
import { getAuthSecret } from '@/lib/auth/secret';
import { getDatabase } from '@/lib/db/connection';
import { getConsoleOrigin, getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

// Administrators manage users but cannot impersonate them: every change stays attributable.
const accessControl = createAccessControl(defaultStatements);
const adminRole = accessControl.newRole({
  user: ['create', 'list', 'set-role', 'ban', 'set-password', 'get', 'update'],
  session: ['list', 'revoke'],
});
const noUserManagement = accessControl.newRole({ user: [], session: [] });

function createAuth() {
  const env = getEnv();
  const { db, engine } = getDatabase();
  const origin = getConsoleOrigin();
  const idleSeconds = env.SESSION_IDLE_MINUTES * 60;
  const https = origin.startsWith('https://');
  return betterAuth({
    appName: 'Attestr Profile Console',
    baseURL: origin,
    basePath: '/api/auth',
    secret: getAuthSecret(),
    trustedOrigins: [origin],
    database: { db, type: engine },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
    },
    session: {
      // Idle expiry: every use within the window slides it; absolute expiry is checked in session.ts.
      expiresIn: idleSeconds,
      updateAge: Math.min(300, Math.floor(idleSeconds / 4)),
      // No cookie cache: a disabled user or a changed role takes effect on the very next request.
      cookieCache: { enabled: false },
    },
    // Sign-in attempts are throttled by lib/auth/sign-in-throttle.ts, in the database.
    rateLimit: { enabled: false },
    advanced: {
      // Over https the cookies are `__Host-` prefixed: Secure, Path=/ and no Domain, so no
      // other host (a sibling subdomain) can set or shadow them. Better Auth's own secure
      // prefix would be `__Secure-`, which allows a Domain; it is replaced by ours.
      useSecureCookies: false,
      cookiePrefix: https ? `${HOST_COOKIE_PREFIX}better-auth` : 'better-auth',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure: https, path: '/' },
      ipAddress: {
        ipAddressHeaders: env.TRUSTED_PROXIES.length > 0 ? ['x-forwarded-for'] : [],
        trustedProxies: env.TRUSTED_PROXIES,
      },
    },
    telemetry: { enabled: false },
    // Better Auth's messages go through pino, without their arguments: they can carry an email.
    logger: {
      log: (level, message) => getLogger()[level]({ event: 'auth.library' }, message),
    },
    plugins: [
      admin({
        defaultRole: 'support',
        adminRoles: ['admin'],
        ac: accessControl,
        roles: { admin: adminRole, hr: noUserManagement, support: noUserManagement, ops: noUserManagement },
        bannedUserMessage: 'This account is disabled',
      }),
    ],
  });
}

export type ConsoleAuth = ReturnType<typeof createAuth>;

// Per module graph (the database underneath is shared per process): errors its API throws
// must be this graph's classes for `instanceof` checks to hold.
let instance: ConsoleAuth | undefined;

/** The Better Auth instance, created on first use so that `next build` opens no database. */
export function getAuth(): ConsoleAuth {
  instance ??= createAuth();
  return instance;
}
