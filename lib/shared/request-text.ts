import * as z from 'zod/mini';

/**
 * U+0000 in text from a request: nobody types it, and PostgreSQL cannot store it in a text
 * column (the query fails), so every schema that takes text from a request refuses it with a
 * plain message rather than letting it reach the database. A check for zod and zod/mini alike:
 * `z.string().check(withoutNul('Search'))`.
 */
export function withoutNul(label: string) {
  return z.regex(/^[^\u0000]*$/, `${label} cannot contain control characters`);
}

export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}
