/**
 * What is wrong with a request's path, in plain words, or null. Route parameters are decoded
 * from the path: a `%` not followed by valid UTF-8 percent-encoding cannot be decoded at all,
 * and an encoded `/` or `\` (`%2F`, `%5C`) would turn into a different path once decoded,
 * reaching a route the address does not name.
 */
export function malformedPathProblem(url: string): string | null {
  const { pathname } = new URL(url);
  for (const segment of pathname.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 'The address is malformed: a % in it is not followed by a valid encoded character.';
    }
    if (/[/\\]/.test(decoded)) {
      return 'The address is malformed: it has an encoded slash (%2F or %5C) inside a part of the path.';
    }
  }
  return null;
}
