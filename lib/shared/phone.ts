import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type PhoneCheck =
  { ok: true; e164: string } | { ok: false; reason: 'letters' | 'not_international' | 'invalid' | 'extension' };

/** An extension at the end of a number (`ext. 123`, `x12`, `;ext=5`): refused for what it is. */
const EXTENSION = /(?:;\s*ext=|\s*(?:ext\.?|extension|x|#)\s*)\d+$/i;

/**
 * Checks a mobile number as a person typed it (spaces, dashes, brackets allowed) and gives
 * its E.164 form. Only international numbers are accepted: the console serves staff in
 * several countries, so guessing a default country would silently save wrong numbers.
 */
export function checkPhoneNumber(input: string): PhoneCheck {
  const value = input.trim();
  if (/\p{L}/u.test(value.replace(EXTENSION, ''))) return { ok: false, reason: 'letters' };
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

/** A number read in `region` when typed without its country code: E.164 and how people write it. */
export interface RegionalNumber {
  e164: string;
  /** International format, as the console shows mobiles: "+91 98765 43210". */
  international: string;
}

/**
 * A mobile typed without a country code (`98765 43210`, `098765 43210`, `919876543210`), read
 * as a number of `region` (an ISO 3166 code such as `IN`): what to suggest, or null when it is
 * not a valid number there. Never applied silently: a person confirms the suggestion.
 */
export function suggestInRegion(input: string, region: string): RegionalNumber | null {
  const value = input.trim();
  if (value === '' || value.startsWith('+') || !isSupportedCountry(region)) return null;
  const parsed = parsePhoneNumberFromString(value, region as CountryCode);
  if (!parsed || !parsed.isValid() || parsed.ext) return null;
  return { e164: parsed.number, international: parsed.formatInternational() };
}

/**
 * The E.164 number a person means when they type a mobile to look someone up: international
 * as typed, or read in `region`; null when what they typed is not a valid number.
 */
export function mobileToFind(input: string, region: string): string | null {
  const check = checkPhoneNumber(input);
  if (check.ok) return check.e164;
  return suggestInRegion(input, region)?.e164 ?? null;
}
