import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export type PhoneCheck =
  { ok: true; e164: string } | { ok: false; reason: 'not_international' | 'invalid' | 'extension' };

/**
 * Checks a mobile number as a person typed it (spaces, dashes, brackets allowed) and gives
 * its E.164 form. Only international numbers are accepted: the console serves staff in
 * several countries, so guessing a default country would silently save wrong numbers.
 */
export function checkPhoneNumber(input: string): PhoneCheck {
  const value = input.trim();
  if (!value.startsWith('+')) return { ok: false, reason: 'not_international' };
  const parsed = parsePhoneNumberFromString(value);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'invalid' };
  if (parsed.ext) return { ok: false, reason: 'extension' };
  return { ok: true, e164: parsed.number };
}

/** The E.164 form of a valid number, or the input unchanged. */
export function normalisePhoneNumber(input: string): string {
  const check = checkPhoneNumber(input);
  return check.ok ? check.e164 : input;
}
