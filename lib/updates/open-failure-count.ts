import 'server-only';

import { cache } from 'react';

import { countOpenFailures } from '@/lib/db/update-attempts';
import { can } from '@/lib/permissions';
import { attemptScope } from '@/lib/audit/scope';

/**
 * The open failures a person sees (`attemptScope`), counted once per request however many
 * parts of the page (the header, the updates page) show it.
 */
export const openFailureCount = cache(async (userId: string, role: string): Promise<number> => {
  const scope = attemptScope({ userId, role });
  return scope ? countOpenFailures(scope) : 0;
});

/** Whether the header shows the count of open failures: for those who deal with them (retry them). */
export function showsOpenFailureCount(role: string): boolean {
  return can(role, 'update:retry');
}
