import * as z from 'zod/mini';

import { withoutNul } from '@/lib/shared/request-text';

/**
 * The fields a person edits. One schema checks them in the form (lib/profiles/form-resolver.ts)
 * and again on the server, for a save and for each bulk line (`validateChangedFields`).
 */
export const PROFILE_FIELDS = ['tag', 'name', 'email', 'mobile'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** A profile's four editable values, '' for an optional field it has none of. */
export type ProfileValues = Record<ProfileField, string>;

export const PROFILE_FIELD_LABELS: Record<ProfileField, string> = {
  tag: 'Tag',
  name: 'Name',
  email: 'Email',
  mobile: 'Mobile',
};

export const FIELD_LIMITS = { tag: 64, name: 200, email: 254, mobile: 32 } as const;

const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
/**
 * Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks that flip text
 * (U+200E, U+200F, U+061C) and line and paragraph separators (U+2028, U+2029): invisible, they
 * make a name or tag read differently in every list that shows it.
 */
const NO_SPOOFING_CHARACTERS = /^[^\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2028\u2029]*$/u;
const emailFormat = z.email();

const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .check(
      z.trim(),
      z.minLength(1, `Enter the ${label.toLowerCase()}`),
      z.maxLength(max, `${label} must be ${max} characters or fewer`),
      z.regex(NO_CONTROL_CHARACTERS, `${label} cannot contain control characters`),
      z.regex(
        NO_SPOOFING_CHARACTERS,
        `${label} cannot contain invisible characters that change the direction of text or break lines`,
      ),
    );

/**
 * An optional field: a person's '' and an API caller's null or omission all mean "none", kept
 * as '' here; `toUpdateBody` (lib/updates/plan.ts) decides how that travels.
 */
const optionalText = (label: string, max: number, tooLong: string) =>
  z.pipe(
    z.pipe(
      z.optional(z.nullable(z.string())),
      z.transform((value) => (value ?? '').trim()),
    ),
    z.string().check(z.maxLength(max, tooLong), withoutNul(label)),
  );

const phoneMessages = {
  letters: 'A mobile number has only digits, spaces and +',
  not_international: 'Enter the mobile in international format: + and the country code, e.g. +91 88889 99978',
  invalid: 'This is not a valid phone number for its country; check the digits',
  extension: 'Extensions cannot be saved; enter the mobile number alone',
} as const;

/**
 * The mobile field. Only international numbers pass; one typed without its country code is
 * refused with the number it would be in `region` (DEFAULT_PHONE_REGION, which the form is
 * given by the page) as a suggestion the person confirms: "Did you mean +91 98765 43210?".
 */
export function mobileFieldSchema(region?: string) {
  return z.pipe(
    optionalText('Mobile', FIELD_LIMITS.mobile, 'That is too long for a phone number'),
    z.transform(async (value, ctx) => {
      if (value === '') return '';
      const { checkPhoneNumber, suggestInRegion } = await import('@/lib/shared/phone');
      const check = checkPhoneNumber(value);
      if (check.ok) return check.e164;
      const suggestion = check.reason === 'not_international' && region ? suggestInRegion(value, region) : null;
      const message = suggestion ? `Did you mean ${suggestion.international}?` : phoneMessages[check.reason];
      ctx.issues.push({ code: 'custom', message, input: value });
      return z.NEVER;
    }),
  );
}

/**
 * The schema is built with zod/mini and checks phone numbers with libphonenumber-js loaded on
 * demand, so neither weighs on the first load of the edit page. Parse it asynchronously.
 */
export const profileFieldsSchema = z.object({
  tag: requiredText('Tag', FIELD_LIMITS.tag),
  name: requiredText('Name', FIELD_LIMITS.name),
  email: optionalText('Email', FIELD_LIMITS.email, `Email must be ${FIELD_LIMITS.email} characters or fewer`).check(
    z.refine((value) => value === '' || emailFormat.safeParse(value).success, {
      message: 'Enter a valid email address, like name@company.com',
    }),
  ),
  mobile: mobileFieldSchema(),
});

/**
 * Checks only the fields a person changed, each with the field's own schema: a value Attestr
 * already holds is not the person's to fix (a mobile from before the console checked numbers,
 * a tag longer than the console allows), so it must not block a change to another field.
 * Answers the changed fields' values as they are saved, or a message per field at fault.
 */
/** One field's schema; the mobile's suggests a number of `region` when it lacks its country code. */
export function profileFieldSchema(field: ProfileField, options: { region?: string } = {}) {
  return field === 'mobile' && options.region ? mobileFieldSchema(options.region) : profileFieldsSchema.shape[field];
}

export async function validateChangedFields(input: {
  values: Record<ProfileField, string>;
  changed: readonly ProfileField[];
}): Promise<
  | { ok: true; values: Partial<Record<ProfileField, string>> }
  | { ok: false; fieldErrors: Partial<Record<ProfileField, string>> }
> {
  const values: Partial<Record<ProfileField, string>> = {};
  const fieldErrors: Partial<Record<ProfileField, string>> = {};
  for (const field of input.changed) {
    const result = await z.safeParseAsync(profileFieldsSchema.shape[field], input.values[field]);
    if (result.success) values[field] = result.data;
    else
      fieldErrors[field] = result.error.issues[0]?.message ?? `Check the ${PROFILE_FIELD_LABELS[field].toLowerCase()}`;
  }
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, values };
}

/** What the form holds: strings as typed. */
export type ProfileFormValues = z.input<typeof profileFieldsSchema>;
/** What was validated: trimmed, mobile in E.164, '' for an emptied optional field. */
export type ProfileFields = z.output<typeof profileFieldsSchema>;

/** Form values for a profile as Attestr holds it. */
export function toFormValues(profile: {
  tag: string;
  name: string;
  email: string | null;
  mobile: string | null;
}): Record<ProfileField, string> {
  return { tag: profile.tag, name: profile.name, email: profile.email ?? '', mobile: profile.mobile ?? '' };
}
