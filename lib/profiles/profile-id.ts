import { z } from 'zod';

/** Attestr ids are 18 characters of [A-Za-z0-9_-]; we allow up to 64 in case that grows. */
export const PROFILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const profileIdSchema = z
  .string()
  .trim()
  .regex(PROFILE_ID_PATTERN, 'A profile ID has 1 to 64 letters, digits, dashes or underscores');

export function isProfileId(value: string): boolean {
  return PROFILE_ID_PATTERN.test(value);
}
