/** Where a person goes after signing in when `next` is missing or not one of the console's pages. */
export const DEFAULT_AFTER_SIGN_IN = '/profiles';

/**
 * The console page `next` names, as a path and query, or null. `next` is resolved against the
 * console's own origin the way a browser would (tabs and line breaks dropped, `\` read as
 * `/`), so whatever would leave the origin (`//host`, `/\host`, `/%09/host`, `https://…`,
 * `javascript:`) is refused rather than passed on.
 */
export function sameOriginPath(next: unknown, origin: string): string | null {
  if (typeof next !== 'string' || !next.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  // `/.//host` resolves to the path `//host`, which a browser would read as another host.
  if (url.pathname.startsWith('//')) return null;
  return `${url.pathname}${url.search}`;
}
