import { InboxFilters } from '@/components/updates/inbox-filters';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { filterSearchParams } from '@/lib/shared/inbox-view';
import { ROLE_LABELS, isRole } from '@/lib/shared/permissions';

/**
 * The updates page's filters, whether the viewer sees their own updates only, and which parts of
 * the address were ignored (`notices`, each a filter's name and what it takes).
 */
export function InboxFiltersSection({
  filter,
  people,
  ownOnly,
  notices,
}: {
  filter: InboxFilter;
  /** Everyone who may be chosen as Who; null when the viewer sees their own updates only. */
  people: readonly { id: string; name: string; role: string | null }[] | null;
  ownOnly: boolean;
  notices: readonly string[];
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <InboxFilters
        key={filterSearchParams(filter).toString()}
        filter={filter}
        people={
          people?.map((person) => ({
            id: person.id,
            label: `${person.name} (${isRole(person.role) ? ROLE_LABELS[person.role] : 'no role'})`,
          })) ?? null
        }
      />
      {ownOnly ? <p className="mt-3 text-sm text-slate-600">You see your own updates only.</p> : null}
      {notices.length ? (
        <p role="status" className="mt-3 text-sm text-amber-900">
          Ignored: {notices.join('; ')}.
        </p>
      ) : null}
    </section>
  );
}
