import { NextResponse, type NextRequest } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { malformedPathProblem } from '@/lib/api/malformed-path';
import { REQUEST_PATH_HEADER } from '@/lib/auth/request-path';
import { sessionCookieOf, sessionCookieRenewal } from '@/lib/auth/session-cookie';
import { securityHeaders } from '@/lib/security-headers';

const PUBLIC_PAGES = new Set(['/sign-in']);
/** The page an address that cannot be read is answered with (400). */
const BAD_ADDRESS_PAGE = '/bad-address';
/** The pages behind sign-in; any other address is answered with the console's own 404 page. */
const SIGNED_IN_PAGES = /^\/(?:$|profiles(?:\/|$)|admin(?:\/|$)|account(?:\/|$))/;

/**
 * Runs before every page (API routes check their callers themselves and get their headers
 * from next.config.js): sets the security headers, with a per-request CSP nonce that Next.js
 * applies to its scripts, and sends visitors without a session cookie to sign in. The cookie
 * is only a hint here; pages check the session in the database. An address that names no
 * page is not sent to sign in: it gets the 404 page, which shows nothing behind sign-in. A visit to a page renews the
 * cookie's lifetime, as the page's session check renews the session's.
 */
export function proxy(request: NextRequest): NextResponse {
  // An address with a `%` that cannot be decoded (or an encoded slash) would fail in Next's own
  // routing, before any page or route handler, with a bare 500. API routes reach here only when
  // their address has a `%` (see the matcher) and get the JSON 400; pages get the 400 page.
  const pathProblem = malformedPathProblem(request.url);
  if (request.nextUrl.pathname.startsWith('/api/')) {
    return pathProblem ? new ApiError('BAD_REQUEST', { details: pathProblem }).toResponse() : NextResponse.next();
  }
  const { pathname, search } = request.nextUrl;
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  const headers = securityHeaders({ nonce, development: process.env.NODE_ENV === 'development', https });

  const sessionCookie = sessionCookieOf(request.headers);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy'] as string);
  let response: NextResponse;
  if (pathProblem) {
    // Not sent to sign in: the address could not be read back after signing in either.
    response = NextResponse.rewrite(new URL(BAD_ADDRESS_PAGE, request.url), {
      status: 400,
      request: { headers: requestHeaders },
    });
  } else if (!sessionCookie && !PUBLIC_PAGES.has(pathname) && SIGNED_IN_PAGES.test(pathname)) {
    const target = new URL('/sign-in', request.url);
    if (pathname !== '/') target.searchParams.set('next', `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    requestHeaders.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    if (sessionCookie) response.headers.append('Set-Cookie', sessionCookieRenewal(sessionCookie));
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!api/|_next/static|_next/image|favicon.ico).*)' }, { source: '/api/:rest(.*%.*)' }],
};
