import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { AccessDenied } from '@/components/access-denied';
import { InboxFiltersSection } from '@/components/updates/inbox-filters-section';
import { OpenFailures } from '@/components/updates/open-failures';
import { UpdatesHeading } from '@/components/updates/updates-heading';
import { UpdatesList } from '@/components/updates/updates-list';
import { requirePageUser } from '@/lib/api/page-user';
import { getInboxPage } from '@/lib/updates/inbox';
import { parseInboxFilter } from '@/lib/shared/inbox-filter';
import { retryRunBody } from '@/lib/api/update-bodies';
import { INBOX_FILTER_KEYS } from '@/lib/shared/inbox-filter-values';
import {
  FILTER_HINTS,
  FILTER_LABELS,
  decodeCursor,
  defaultInboxOutcome,
  filterSearchParams,
} from '@/lib/shared/inbox-view';

export const metadata: Metadata = { title: 'Updates' };

const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function UpdatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser();
  const params = await searchParams;
  // No filter asked for: the role's own starting view, in the address so it can be changed or shared.
  const landing = defaultInboxOutcome(user.role);
  if (landing && !INBOX_FILTER_KEYS.some((key) => params[key] !== undefined) && params.after === undefined) {
    redirect(`/updates?${filterSearchParams({ outcome: landing })}`);
  }
  const { filter, ignored } = parseInboxFilter(params);
  const afterParam = typeof params.after === 'string' ? params.after : undefined;
  const after = decodeCursor(afterParam);
  const inbox = await getInboxPage({ viewer: { userId: user.id, role: user.role }, filter, after, limit: PAGE_SIZE });
  if (!inbox) return <AccessDenied what="the updates page" />;
  const { ownOnly, mayRetry, page, open, chart, people, retryable, run, openInView, asOf } = inbox;
  const notices = ignored.map((key) => `${FILTER_LABELS[key]} (${FILTER_HINTS[key]})`);
  if (afterParam && !after) notices.push('the page position (the list starts from the newest)');
  const retryAll = {
    filter: Object.fromEntries(filterSearchParams(filter)),
    retryable,
    initialRun: run ? retryRunBody(run) : null,
  };

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <UpdatesHeading ownOnly={ownOnly} />
      <OpenFailures open={open} chart={chart} retryAll={mayRetry ? retryAll : null} />
      <InboxFiltersSection filter={filter} people={people} ownOnly={ownOnly} notices={notices} />
      <UpdatesList
        rows={page.rows}
        filter={filter}
        older={Boolean(after)}
        next={page.next}
        position={after ? (afterParam ?? '') : ''}
        resolve={mayRetry ? { openInView, upTo: asOf } : null}
      />
    </div>
  );
}
