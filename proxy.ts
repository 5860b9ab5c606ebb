import { getSessionCookie } from 'better-auth/cookies';
import { NextResponse, type NextRequest } from 'next/server';

import { REQUEST_PATH_HEADER } from '@/lib/auth/request-path';
import { securityHeaders } from '@/lib/security-headers';

const PUBLIC_PAGES = new Set(['/sign-in']);
const PUBLIC_API = new Set(['/api/health', '/api/auth/sign-in/email']);

/**
 * Runs before every request: sets the security headers (with a per-request CSP nonce that
 * Next.js applies to its scripts) and sends visitors without a session cookie to sign in.
 * The cookie is only a hint here; pages and route handlers check the session in the database.
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const forwardedProto = request.headers.get('x-forwarded-proto');
  const headers = securityHeaders({
    nonce,
    development: process.env.NODE_ENV === 'development',
    https: request.nextUrl.protocol === 'https:' || forwardedProto === 'https',
  });

  const hasSession = getSessionCookie(request) !== null;
  const isApi = pathname.startsWith('/api/');
  let response: NextResponse;
  if (!hasSession && !isApi && !PUBLIC_PAGES.has(pathname)) {
    const target = new URL('/sign-in', request.url);
    if (pathname !== '/') target.searchParams.set('next', `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else if (!hasSession && isApi && !PUBLIC_API.has(pathname)) {
    response = NextResponse.json(
      {
        error: {
          source: 'console',
          code: 'UNAUTHENTICATED',
          message: 'Sign in to continue',
          httpStatus: 401,
          actor: 'editor',
          advice: 'Your session has ended. Sign in again.',
        },
      },
      { status: 401, headers: { 'Cache-Control': 'no-store' } },
    );
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set('x-nonce', nonce);
    requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy'] as string);
    requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
