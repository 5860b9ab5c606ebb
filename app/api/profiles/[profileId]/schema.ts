import * as z from 'zod/mini';

import { withoutNul } from '@/lib/shared/request-text';

/**
 * A value as the form holds it, '' for none; the body's own size limit bounds it. Each changed
 * field is checked against the profile schema (lib/shared/profile-fields.ts) by the save path; an
 * untouched one goes out as Attestr holds it, so it is not the person's to fix.
 */
const typedValue = z.pipe(
  z.optional(z.nullable(z.string().check(withoutNul('A profile’s value')))),
  z.transform((value) => value ?? ''),
);

/** Attestr's own values, as the form loaded them. */
const loadedValue = typedValue;

export const REASON_MAX = 500;

/**
 * The PUT body: the four fields as the form holds them; `base`, the profile's values when the
 * person opened it (or as their own last save left it), which tell the fields they changed
 * from those someone else did; and an optional reason.
 */
export const profileUpdateSchema = z.object({
  tag: typedValue,
  name: typedValue,
  email: typedValue,
  mobile: typedValue,
  base: z.object(
    { tag: loadedValue, name: loadedValue, email: loadedValue, mobile: loadedValue },
    { error: 'Send base: the profile’s values as the form loaded them' },
  ),
  reason: z.optional(
    z.nullable(
      z
        .string()
        .check(
          z.trim(),
          z.maxLength(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`),
          z.regex(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, 'The reason cannot contain control characters'),
        ),
    ),
  ),
});
