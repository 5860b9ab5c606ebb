import * as z from 'zod/mini';

import { profileFieldsSchema } from '@/lib/profiles/schema';

/** Attestr's own values, as the form loaded them: not the person's input, so only bounded. */
const loadedValue = z.pipe(
  z.optional(z.nullable(z.string().check(z.maxLength(1024)))),
  z.transform((value) => value ?? ''),
);

/**
 * The PUT body: the four fields as the form holds them, and `base`, the profile's values
 * when the person opened it, which tell the fields they changed from those someone else did.
 */
export const profileUpdateSchema = z.object({
  ...profileFieldsSchema.shape,
  base: z.object(
    { tag: loadedValue, name: loadedValue, email: loadedValue, mobile: loadedValue },
    { error: 'Send base: the profile’s values as the form loaded them' },
  ),
});
