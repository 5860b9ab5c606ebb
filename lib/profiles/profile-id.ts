/** Attestr ids are 18 characters of [A-Za-z0-9_-]; we allow up to 64 in case that grows. */
export const PROFILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isProfileId(value: string): boolean {
  return PROFILE_ID_PATTERN.test(value);
}
