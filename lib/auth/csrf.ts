import 'server-only';

import { getConsoleOrigin } from '@/lib/env';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request may change state: it must say it comes from the console's own pages,
 * through Fetch Metadata (Sec-Fetch-Site: same-origin) or, from older clients, an Origin
 * equal to the console's. A request with neither is refused, cookie or not.
 */
export function isSameOriginRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite === 'same-origin';
  const origin = request.headers.get('origin');
  return origin !== null && origin === getConsoleOrigin();
}
