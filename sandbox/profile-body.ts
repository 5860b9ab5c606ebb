import { z } from 'zod';

import { MAX_BODY_BYTES, mediaType, type BodyResult } from './http';
import type { ProfileInput } from './store';

function requiredText(field: string, max: number) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
    })
    .refine((value) => value.trim() !== '', `${field} is required`)
    .refine((value) => value.length <= max, `${field} must be at most ${max} characters`);
}

// Only omission makes an optional field absent; `null` or "" are rejected rather than read as
// "clear", because the docs promise only that omitting is allowed, and the console should
// not come to rely on something the real API may refuse.
const emailField = z
  .email({
    error: (issue) =>
      issue.code === 'invalid_type' ? 'email must be a string' : 'email must be a valid email address',
  })
  .max(254, 'email must be at most 254 characters')
  .optional();

const mobileField = z
  .string({ error: 'mobile must be a string' })
  .regex(/^\+[1-9]\d{6,14}$/, 'mobile must be in E.164 format, like +918888999978')
  .optional();

/** Create and Update bodies; unknown fields are ignored, as Attestr documents none. */
export const profileBodySchema = z.object({
  tag: requiredText('tag', 100),
  name: requiredText('name', 200),
  email: emailField,
  mobile: mobileField,
});

export type ProfileBodyResult = { ok: true; input: ProfileInput } | { ok: false; details: string };

/** Checks a Create or Update request; a failure's `details` names the first problem found. */
export function parseProfileBody(contentType: string | undefined, body: BodyResult): ProfileBodyResult {
  if (mediaType(contentType) !== 'application/json') {
    return { ok: false, details: 'Content-Type must be application/json' };
  }
  if (!body.ok) return { ok: false, details: `body must not exceed ${MAX_BODY_BYTES} bytes` };

  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return { ok: false, details: 'body must be valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, details: 'body must be a JSON object' };
  }

  const parsed = profileBodySchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, details: parsed.error.issues[0]?.message ?? 'body is invalid' };
  }
  const { tag, name, email, mobile } = parsed.data;
  return { ok: true, input: { tag, name, email: email ?? null, mobile: mobile ?? null } };
}
