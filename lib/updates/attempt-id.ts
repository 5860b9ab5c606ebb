import * as z from 'zod/mini';

/**
 * An attempt id, as a caller's Idempotency-Key: 16 to 64 letters, digits, dashes and
 * underscores, like the UUID the form makes for each save.
 */
export const attemptIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{16,64}$/));

export function isAttemptId(value: unknown): value is string {
  return z.safeParse(attemptIdSchema, value).success;
}
