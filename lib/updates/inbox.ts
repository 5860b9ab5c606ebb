import 'server-only';

import { cache } from 'react';

import {
  countOpenAttempts,
  countOpenFailures,
  countOpenFailuresWithCodes,
  countRetryableAttempts,
  failuresByCodePerDay,
} from '@/lib/db/update-attempts';
import { listBulkFailureLines, listInboxRows } from '@/lib/db/update-inbox-rows';
import { listAllUserNames } from '@/lib/db/users';
import { can } from '@/lib/shared/permissions';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import type { AttemptCursor } from '@/lib/shared/inbox-view';
import { getCurrentRetryRun } from '@/lib/updates/retry-run';
import { attemptScope, type AttemptViewer } from '@/lib/audit/scope';
import { CANNOT_SUCCEED_AGAIN_CODES } from '@/lib/errors/code-classes';

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

/**
 * The open failures of a filter "Retry all" would send again (`count`), and those it leaves out
 * because sending them again cannot help (`leftOut`: an archived profile, an id Attestr does not
 * know, values it refused).
 */
export async function countRetryAll(input: {
  filter: InboxFilter;
  actorId?: string;
}): Promise<{ count: number; leftOut: number }> {
  const [count, leftOut] = await Promise.all([
    countRetryableAttempts(input),
    countOpenFailuresWithCodes({ ...input, codes: CANNOT_SUCCEED_AGAIN_CODES }),
  ]);
  return { count, leftOut };
}

/**
 * What the updates page shows a viewer for `filter`, within the attempts they may see
 * (`attemptScope`: support its own only); null when they may see none. `people` (for the
 * "who" filter) only for those who see everyone's; the retryable and open counts of the filter
 * and the current "Retry all" run only for those who may retry. `asOf` is when the counts were
 * read: "Resolve all" resolves the open failures recorded by then, the ones the person saw counted.
 */
export async function getInboxPage(input: {
  viewer: AttemptViewer;
  filter: InboxFilter;
  after: AttemptCursor | undefined;
  limit: number;
}) {
  const { viewer, filter, after, limit } = input;
  const scope = attemptScope(viewer);
  if (!scope) return null;
  const { actorId } = scope;
  const mayRetry = can(viewer.role, 'update:retry');
  const asOf = Date.now();
  const [page, open, chart, people, retryable, run, openInView] = await Promise.all([
    listInboxRows({ filter, actorId, after, limit }),
    openFailureCount(viewer.userId, viewer.role),
    failuresByCodePerDay({ filter, actorId }),
    actorId === undefined ? listAllUserNames() : null,
    mayRetry ? countRetryAll({ filter, actorId }) : { count: 0, leftOut: 0 },
    mayRetry ? getCurrentRetryRun() : null,
    mayRetry ? countOpenAttempts({ filter, actorId, createdUpTo: asOf }) : 0,
  ]);
  return { ownOnly: actorId !== undefined, mayRetry, page, open, chart, people, retryable, run, openInView, asOf };
}

/** How many of a bulk job's failed lines its row opens to; the job's own page lists them all. */
const BULK_LINES_SHOWN = 100;

/**
 * A bulk job's failed lines that the updates page's filter shows, within what the viewer may see
 * (null when they may see none): the newest BULK_LINES_SHOWN, and how many there are.
 */
export async function getBulkFailureLines(input: { viewer: AttemptViewer; filter: InboxFilter; jobId: string }) {
  const scope = attemptScope(input.viewer);
  if (!scope) return null;
  return listBulkFailureLines({
    filter: input.filter,
    actorId: scope.actorId,
    jobId: input.jobId,
    limit: BULK_LINES_SHOWN,
  });
}
