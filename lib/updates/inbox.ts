import 'server-only';

import { cache } from 'react';

import { countOpenFailures } from '@/lib/db/update-attempts';
import { can, updatesScope } from '@/lib/permissions';

/** Whose attempts a person sees: undefined for everyone's, their own id for scope 'own'. */
export function inboxActorId(user: { id: string; role: string }): string | undefined {
  return updatesScope(user.role) === 'own' ? user.id : undefined;
}

/**
 * The open failures a person sees, counted once per request however many parts of the page
 * (the header, the updates page) show it.
 */
export const openFailureCount = cache((actorId: string | undefined): Promise<number> => countOpenFailures({ actorId }));

/** Whether the header shows the count of open failures: for those who deal with them (retry them). */
export function showsOpenFailureCount(role: string): boolean {
  return can(role, 'update:retry');
}
