import * as z from 'zod/mini';

/** A run's id: a version 7 UUID, as lib/db/time-ordered-id.ts makes them. */
export const timeOrderedIdSchema = z
  .string()
  .check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/));
