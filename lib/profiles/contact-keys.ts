import 'server-only';

import { createHmac, hkdfSync } from 'node:crypto';

import { getAuthSecret } from '@/lib/auth/secret';
import { getEnv } from '@/lib/env';
import { mobileToFind } from '@/lib/shared/phone';

/**
 * The index finds a profile by its email or mobile without holding either: it keeps a keyed
 * hash (HMAC-SHA-256) of each, and a search hashes what was typed the same way. The key is
 * derived from the console's secret (BETTER_AUTH_SECRET), which the database does not hold, so
 * its rows cannot be matched against a list of addresses or every possible mobile number.
 */
const KEY_INFO = 'attestr-console profile index contacts v1';

let derived: { secret: string; key: Buffer } | undefined;

function contactKey(): Buffer {
  const secret = getAuthSecret();
  if (derived?.secret !== secret) {
    derived = { secret, key: Buffer.from(hkdfSync('sha256', secret, '', KEY_INFO, 32)) };
  }
  return derived.key;
}

function keyed(kind: 'email' | 'mobile', value: string): string {
  return createHmac('sha256', contactKey()).update(`${kind}:${value}`).digest('hex');
}

/** The keyed hash of an email, whatever its case and surrounding spaces; null for none. */
export function emailKey(email: string | null | undefined): string | null {
  const normalised = email?.trim().toLowerCase() ?? '';
  // Anything without an @ is not an email, typed or held: no hash, so no lookup.
  return normalised.includes('@') ? keyed('email', normalised) : null;
}

/**
 * The keyed hash of a mobile's E.164 form: as typed (`+91 98333 44455`), or read in the
 * console's DEFAULT_PHONE_REGION when typed without its country code (`98333 44455`,
 * `919833344455`); null when it is not a valid number.
 */
export function mobileKey(mobile: string | null | undefined): string | null {
  if (!mobile?.trim()) return null;
  const e164 = mobileToFind(mobile, getEnv().DEFAULT_PHONE_REGION);
  return e164 ? keyed('mobile', e164) : null;
}
