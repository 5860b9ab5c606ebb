import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * A mobile number as people read it, in international format: `+918888999978` is shown as
 * `+91 88889 99978`. Numbers are saved as E.164; anything that does not parse is shown as is.
 * It pulls in libphonenumber-js's metadata, so pages load it on demand (components/ui/mobile-number.tsx).
 */
export function formatMobile(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.formatInternational() : value;
}
