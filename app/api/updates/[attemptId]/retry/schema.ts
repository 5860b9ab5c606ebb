import * as z from 'zod/mini';

/**
 * The retry's body: the id of the new attempt, made by the browser once per press of Retry
 * (like the form's Idempotency-Key, and of the same form: lib/updates/attempt-id.ts), so the
 * same retry sent twice is made once. What is sent again comes from the record of the update,
 * never from the browser.
 */
export const retryAttemptSchema = z.object({
  retryAttemptId: z
    .string({ error: 'Send retryAttemptId: the new attempt’s id' })
    .check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'retryAttemptId must be 16 to 64 letters, digits, dashes or underscores')),
});
