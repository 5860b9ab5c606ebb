'use client';

import Link from 'next/link';

import { Button } from '@/components/ui/button';
import { ChoiceFilter, TextFilter } from '@/components/updates/inbox-filter-fields';
import { useInboxFilters } from '@/components/updates/use-inbox-filters';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { ANY_OUTCOME, ATTEMPT_OUTCOME_FILTERS, ATTEMPT_SOURCE_FILTERS } from '@/lib/shared/inbox-filter-values';
import { OUTCOME_LABELS, SOURCE_LABELS } from '@/lib/shared/inbox-view';

const OUTCOME_OPTIONS = ATTEMPT_OUTCOME_FILTERS.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }));
const SOURCE_OPTIONS = ATTEMPT_SOURCE_FILTERS.map((source) => ({ value: source, label: SOURCE_LABELS[source] }));

/**
 * The updates page's filters: a plain GET form, so they work without JavaScript and stand in
 * the URL. With JavaScript, a choice from a list applies at once, and empty fields are left
 * out of the address.
 */
export function InboxFilters({
  filter,
  people,
}: {
  filter: InboxFilter;
  /** The choices of Who; null when the person sees only their own updates. */
  people: { id: string; label: string }[] | null;
}) {
  const { onSubmit, onChoice } = useInboxFilters();

  return (
    <form
      method="get"
      action="/updates"
      onSubmit={onSubmit}
      aria-label="Filters"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
    >
      <ChoiceFilter
        name="outcome"
        filter={filter}
        anyLabel="Any outcome"
        // Said in the address: operations open on open failures, and "any" must stay chosen.
        anyValue={ANY_OUTCOME}
        options={OUTCOME_OPTIONS}
        onChoice={onChoice}
      />
      <TextFilter name="code" filter={filter} placeholder="For example 4291" mono />
      {people ? (
        <ChoiceFilter
          name="who"
          filter={filter}
          anyLabel="Anyone"
          options={people.map((person) => ({ value: person.id, label: person.label }))}
          onChoice={onChoice}
        />
      ) : null}
      <ChoiceFilter name="source" filter={filter} anyLabel="Any source" options={SOURCE_OPTIONS} onChoice={onChoice} />
      <TextFilter name="from" filter={filter} type="date" />
      <TextFilter name="to" filter={filter} type="date" />
      <TextFilter name="q" filter={filter} type="search" placeholder="Profile ID, number or tag" />
      <div className="flex items-end gap-3">
        <Button type="submit" className="whitespace-nowrap">
          Apply filters
        </Button>
        <Link href="/updates" className="whitespace-nowrap py-2 text-sm font-semibold text-indigo-700 hover:underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}
