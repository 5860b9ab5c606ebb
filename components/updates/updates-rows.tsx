'use client';

import { useMemo, useState } from 'react';

import { ResolveMany } from '@/components/updates/resolve-many';
import type { Selection } from '@/components/updates/select-update';
import { UpdateCards } from '@/components/updates/update-cards';
import { UpdatesTable } from '@/components/updates/updates-table';
import { useRefreshInbox } from '@/components/updates/use-refresh-inbox';
import type { InboxRow } from '@/lib/shared/inbox-view';

/**
 * The page's rows: a table on a wide screen, cards on a phone; for those who may resolve, tick
 * boxes on the open failures and "Resolve selected" / "Resolve all" above them.
 */
export function UpdatesRows({
  rows,
  filterQuery,
  resolve,
}: {
  rows: InboxRow[];
  /** The page's filter as a query string, for the bulk jobs' lines. */
  filterQuery: string;
  /** Null for those who may not resolve. */
  resolve: { filter: Record<string, string>; openInView: number; upTo: number } | null;
}) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const refresh = useRefreshInbox();
  const selection = useMemo<Selection | null>(
    () =>
      resolve
        ? {
            has: (id) => ticked.has(id),
            toggle: (id) =>
              setTicked((before) => {
                const after = new Set(before);
                if (!after.delete(id)) after.add(id);
                return after;
              }),
          }
        : null,
    [resolve, ticked],
  );
  return (
    <>
      {resolve ? (
        <ResolveMany
          selected={[...ticked]}
          openInView={resolve.openInView}
          filter={resolve.filter}
          upTo={resolve.upTo}
          onResolved={() => {
            setTicked(new Set());
            refresh();
          }}
        />
      ) : null}
      {rows.length ? (
        <>
          <div className="hidden md:block">
            <UpdatesTable rows={rows} filterQuery={filterQuery} selection={selection} />
          </div>
          <div className="md:hidden">
            <UpdateCards rows={rows} filterQuery={filterQuery} selection={selection} />
          </div>
        </>
      ) : null}
    </>
  );
}
