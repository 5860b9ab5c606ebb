import * as z from 'zod/mini';

import { inboxFilterSchema } from '@/lib/shared/inbox-filter';
import { RESOLVE_SELECTED_MAX } from '@/lib/shared/inbox-view';

import { resolveAttemptSchema } from '../[attemptId]/resolve/schema';

/** The note, written as for a single resolve (required, at most 500 characters, no control characters). */
const note = resolveAttemptSchema.shape.note;

/**
 * Resolving many updates with one note: those a person ticked (`attemptIds`), or every open
 * failure of the page's filter (`filter`, as in its URL) recorded by `upTo` (when the page
 * counted them, in ms), so a failure that came later is not resolved unseen.
 */
export const resolveManySchema = z.union([
  z.object({
    attemptIds: z
      .array(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)))
      .check(
        z.minLength(1, 'Tick at least one update'),
        z.maxLength(RESOLVE_SELECTED_MAX, `Resolve at most ${RESOLVE_SELECTED_MAX} updates at a time`),
      ),
    note,
  }),
  z.object({
    filter: inboxFilterSchema,
    upTo: z.number().check(z.int(), z.nonnegative()),
    note,
  }),
]);
