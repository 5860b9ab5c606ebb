import * as z from 'zod/mini';

import { withoutNul } from '@/lib/shared/request-text';

/** What a person typed in "Find a profile": a name, a tag, a number or an id. */
export const profileSearchSchema = z.object({
  q: z
    .pipe(
      z.string({ error: 'Type a name, tag, number or profile ID.' }),
      z.transform((value) => value.trim()),
    )
    .check(
      z.minLength(1, 'Type a name, tag, number or profile ID.'),
      z.maxLength(100, 'Searches are at most 100 characters.'),
      withoutNul('A search'),
    ),
});
