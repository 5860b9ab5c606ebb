import * as z from 'zod/mini';

import { withoutNul } from '@/lib/shared/request-text';

/** What a person typed in "Find a profile": a name, an email, a mobile, a tag, a number or an id. */
export const profileSearchSchema = z.object({
  q: z
    .pipe(
      z.string({ error: 'Type a name, email, mobile, tag, number or profile ID.' }),
      z.transform((value) => value.trim()),
    )
    .check(
      z.minLength(1, 'Type a name, email, mobile, tag, number or profile ID.'),
      // An email address may be as long as 254 characters.
      z.maxLength(254, 'Searches are at most 254 characters.'),
      withoutNul('A search'),
    ),
});
