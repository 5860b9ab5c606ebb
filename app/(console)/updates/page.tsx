import type { Metadata } from 'next';
import Link from 'next/link';

import { AccessDenied } from '@/components/access-denied';
import { FailuresChart } from '@/components/updates/failures-chart';
import { InboxFilters } from '@/components/updates/inbox-filters';
import { RetryAllPanel } from '@/components/updates/retry-all-panel';
import { UpdatesTable } from '@/components/updates/updates-table';
import { requirePageUser } from '@/lib/auth/session';
import { countRetryableAttempts, failuresByCodePerDay, listAttempts } from '@/lib/db/update-attempts';
import { listAllUserNames } from '@/lib/db/users';
import { ROLE_LABELS, can, isRole } from '@/lib/permissions';
import { openFailureCount } from '@/lib/updates/open-failure-count';
import { attemptScope } from '@/lib/audit/scope';
import { parseInboxFilter } from '@/lib/updates/inbox-filter';
import { retryRunBody } from '@/lib/updates/present';
import { getCurrentRetryRun } from '@/lib/updates/retry-run';
import { FILTER_HINTS, FILTER_LABELS, decodeCursor, encodeCursor, filterSearchParams } from '@/lib/updates/inbox-view';

export const metadata: Metadata = { title: 'Updates' };

const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function UpdatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser();
  const scope = attemptScope({ userId: user.id, role: user.role });
  if (!scope) return <AccessDenied what="the updates page" />;

  const params = await searchParams;
  const { filter, ignored } = parseInboxFilter(params);
  const afterParam = typeof params.after === 'string' ? params.after : undefined;
  const after = decodeCursor(afterParam);
  const { actorId } = scope;
  const mayRetry = can(user.role, 'update:retry');
  const [page, open, chart, people, retryable, run] = await Promise.all([
    listAttempts({ filter, actorId, after, limit: PAGE_SIZE }),
    openFailureCount(user.id, user.role),
    failuresByCodePerDay({ filter, actorId }),
    actorId === undefined ? listAllUserNames() : null,
    mayRetry ? countRetryableAttempts({ filter, actorId }) : 0,
    mayRetry ? getCurrentRetryRun() : null,
  ]);
  const notices = ignored.map((key) => `${FILTER_LABELS[key]} (${FILTER_HINTS[key]})`);
  if (afterParam && !after) notices.push('the page position (the list starts from the newest)');
  const filtered = Object.keys(filter).length > 0;
  const query = filterSearchParams(filter).toString();

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Updates</h1>
        <p className="mt-1 text-sm text-slate-600">
          {actorId !== undefined
            ? 'Every change you have asked for, newest first, and how it went at Attestr.'
            : 'Every change asked for through the console, newest first, and how it went at Attestr.'}
        </p>
      </div>

      <section
        aria-label="Open failures"
        className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        {/* Actions on all the filtered updates sit in this row, beside the count. */}
        <div className="flex flex-wrap items-center gap-3">
          <Link
            href="/updates?outcome=open"
            className="text-base font-semibold text-indigo-700 hover:underline"
            data-testid="open-failures"
          >
            {open === 0
              ? 'No open failures'
              : `${open.toLocaleString('en')} open ${open === 1 ? 'failure' : 'failures'}`}
          </Link>
          <span className="text-sm text-slate-600">failed or with an unknown outcome, and not yet dealt with</span>
        </div>
        <FailuresChart days={chart.days} counts={chart.counts} />
        {mayRetry ? (
          <RetryAllPanel
            filter={Object.fromEntries(filterSearchParams(filter))}
            retryable={retryable}
            initialRun={run ? retryRunBody(run) : null}
          />
        ) : null}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <InboxFilters
          key={query}
          filter={filter}
          people={
            people?.map((person) => ({
              id: person.id,
              label: `${person.name} (${isRole(person.role) ? ROLE_LABELS[person.role] : 'no role'})`,
            })) ?? null
          }
        />
        {actorId !== undefined ? <p className="mt-3 text-sm text-slate-600">You see your own updates only.</p> : null}
        {notices.length ? (
          <p role="status" className="mt-3 text-sm text-amber-900">
            Ignored: {notices.join('; ')}.
          </p>
        ) : null}
      </section>

      <section aria-label="Updates" className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 p-3">
          <p className="text-sm text-slate-600">
            {after ? 'Older updates' : 'Newest updates'}
            {filtered ? ', filtered' : ''}
          </p>
          <a
            href={`/api/updates/export${query ? `?${query}` : ''}`}
            download
            className="rounded-md px-3 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Export CSV
          </a>
        </div>
        {page.attempts.length === 0 ? (
          <div className="p-6 text-sm text-slate-700">
            {after ? (
              <p>There are no older updates.</p>
            ) : filtered ? (
              <p>
                No updates match these filters.{' '}
                <Link href="/updates" className="font-semibold text-indigo-700 hover:underline">
                  Clear filters
                </Link>
              </p>
            ) : (
              <p>No updates yet. Each change saved from a profile page will be listed here.</p>
            )}
          </div>
        ) : (
          <UpdatesTable attempts={page.attempts} />
        )}
        {page.next || after ? (
          <nav aria-label="Pages" className="flex gap-4 border-t border-slate-200 p-3 text-sm font-semibold">
            {after ? (
              <Link href={`/updates${query ? `?${query}` : ''}`} className="text-indigo-700 hover:underline">
                Back to newest
              </Link>
            ) : null}
            {page.next ? (
              <Link
                href={`/updates?${filterSearchParams(filter, { after: encodeCursor(page.next) })}`}
                className="text-indigo-700 hover:underline"
              >
                Next page
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
