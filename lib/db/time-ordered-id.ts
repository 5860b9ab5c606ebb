import 'server-only';

import { randomUUID } from 'node:crypto';

/**
 * A UUID of version 7 (RFC 9562): the Unix time in milliseconds in its first 48 bits, random
 * bits after. Ids made later sort later, so a new row goes at the end of its primary key's
 * B-tree, on pages already in memory, rather than on a random page of it.
 */
export function timeOrderedId(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // A version 4 UUID already has the variant bits; its version digit (index 14) becomes 7.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
