import Link from 'next/link';

import { UpdatesRows } from '@/components/updates/updates-rows';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { encodeCursor, filterSearchParams, type AttemptCursor, type InboxRow } from '@/lib/shared/inbox-view';

function NoUpdates({ older, filter }: { older: boolean; filter: InboxFilter }) {
  const filtered = Object.entries(filter).some(
    ([key, value]) => value !== undefined && !(key === 'outcome' && value === 'all'),
  );
  const onlyOpen = filter.outcome === 'open' && Object.keys(filter).length === 1;
  return (
    <div className="p-6 text-sm text-slate-700">
      {older ? (
        <p>There are no older updates.</p>
      ) : onlyOpen ? (
        <p>
          No open failures: nothing waits for you.{' '}
          <Link href="/updates?outcome=all" className="font-semibold text-indigo-700 hover:underline">
            Show every update
          </Link>
        </p>
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
  );
}

function UpdatesPager({ filter, older, next }: { filter: InboxFilter; older: boolean; next: AttemptCursor | null }) {
  if (!next && !older) return null;
  const query = filterSearchParams(filter).toString();
  return (
    <nav aria-label="Pages" className="flex gap-4 border-t border-slate-200 p-3 text-sm font-semibold">
      {older ? (
        <Link href={`/updates${query ? `?${query}` : ''}`} className="text-indigo-700 hover:underline">
          Back to newest
        </Link>
      ) : null}
      {next ? (
        <Link
          href={`/updates?${filterSearchParams(filter, { after: encodeCursor(next) })}`}
          className="text-indigo-700 hover:underline"
        >
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

/**
 * One page of updates under the filters, with the CSV export of all of them and links to the
 * next page and back to the newest; `older` when this page is not the first. `resolve` (for those
 * who may resolve) carries the filter's open failures as counted when the page was read.
 */
export function UpdatesList({
  rows,
  filter,
  older,
  next,
  position,
  resolve,
}: {
  rows: InboxRow[];
  filter: InboxFilter;
  older: boolean;
  next: AttemptCursor | null;
  /** Where this page starts (the address's `after`), empty for the first page. */
  position: string;
  resolve: { openInView: number; upTo: number } | null;
}) {
  const filtered = Object.keys(filter).length > 0;
  const params = filterSearchParams(filter);
  const query = params.toString();
  return (
    <section aria-label="Updates" className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 p-3">
        <p className="text-sm text-slate-600">
          {older ? 'Older updates' : 'Newest updates'}
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
      {/* Another filter or page starts with nothing ticked; reading the same page again keeps what is. */}
      <UpdatesRows
        key={`${query}|${position}`}
        rows={rows}
        filterQuery={query}
        resolve={resolve ? { ...resolve, filter: Object.fromEntries(params) } : null}
      />
      {rows.length === 0 ? <NoUpdates older={older} filter={filter} /> : null}
      <UpdatesPager filter={filter} older={older} next={next} />
    </section>
  );
}
