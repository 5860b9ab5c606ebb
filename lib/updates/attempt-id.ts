import * as z from 'zod/mini';

/**
 * A key a caller chooses for its attempt (the Idempotency-Key of a save, the id of a retry): 16
 * to 64 letters, digits, dashes and underscores, like the UUID the form makes for each save.
 * Ids the console makes itself (a bulk line's try, a "Retry all" item) are joined with dots, which
 * no caller's key may hold: a key chosen in a browser can never take one in advance.
 */
const clientAttemptKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/));

/** Any attempt's id, as it may be looked up: a caller's key, or one the console made. */
const attemptIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}(?:\.[0-9]{1,9}){0,2}$/));

export function isClientAttemptKey(value: unknown): value is string {
  return z.safeParse(clientAttemptKeySchema, value).success;
}

export function isAttemptId(value: unknown): value is string {
  return z.safeParse(attemptIdSchema, value).success;
}
