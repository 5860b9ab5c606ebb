import * as z from 'zod/mini';

export const NOTE_MAX = 500;

/**
 * Resolving an update without sending it again: a note saying what was done ('resolved'), or,
 * for an archived profile, 'cannot_change', whose note may be left empty.
 */
export const resolveAttemptSchema = z
  .object({
    note: z.pipe(
      z.optional(
        z
          .string()
          .check(
            z.trim(),
            z.maxLength(NOTE_MAX, `The note must be ${NOTE_MAX} characters or fewer`),
            z.regex(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, 'The note cannot contain control characters'),
          ),
      ),
      z.transform((note) => note ?? ''),
    ),
    kind: z.optional(z.enum(['resolved', 'cannot_change'])),
  })
  .check(
    z.refine((body) => body.kind === 'cannot_change' || body.note.length > 0, {
      message: 'Write a note saying how the update was resolved',
      path: ['note'],
    }),
  );
