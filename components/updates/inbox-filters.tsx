'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent, ReactNode } from 'react';

import { Button } from '@/components/ui/button';
import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { ATTEMPT_OUTCOME_FILTERS, ATTEMPT_SOURCE_FILTERS } from '@/lib/shared/inbox-filter-values';
import { FILTER_LABELS, OUTCOME_LABELS, SOURCE_LABELS } from '@/lib/shared/inbox-view';

const control = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm';

function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
    </div>
  );
}

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
  const router = useRouter();
  const apply = (form: HTMLFormElement) => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') params.set(key, value.trim());
    }
    const query = params.toString();
    router.push(query ? `/updates?${query}` : '/updates');
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(event.currentTarget);
  };
  const onChoice = (event: FormEvent<HTMLSelectElement>) => {
    if (event.currentTarget.form) apply(event.currentTarget.form);
  };

  return (
    <form
      method="get"
      action="/updates"
      onSubmit={onSubmit}
      aria-label="Filters"
      className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
    >
      <Field id="filter-outcome" label={FILTER_LABELS.outcome}>
        <select
          id="filter-outcome"
          name="outcome"
          defaultValue={filter.outcome ?? ''}
          onChange={onChoice}
          className={control}
        >
          <option value="">Any outcome</option>
          {ATTEMPT_OUTCOME_FILTERS.map((outcome) => (
            <option key={outcome} value={outcome}>
              {OUTCOME_LABELS[outcome]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-code" label={FILTER_LABELS.code}>
        <input
          id="filter-code"
          name="code"
          defaultValue={filter.code ?? ''}
          placeholder="For example 4291"
          autoComplete="off"
          className={`${control} font-mono`}
        />
      </Field>
      {people ? (
        <Field id="filter-who" label={FILTER_LABELS.who}>
          <select id="filter-who" name="who" defaultValue={filter.who ?? ''} onChange={onChoice} className={control}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.label}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      <Field id="filter-source" label={FILTER_LABELS.source}>
        <select
          id="filter-source"
          name="source"
          defaultValue={filter.source ?? ''}
          onChange={onChoice}
          className={control}
        >
          <option value="">Any source</option>
          {ATTEMPT_SOURCE_FILTERS.map((source) => (
            <option key={source} value={source}>
              {SOURCE_LABELS[source]}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-from" label={FILTER_LABELS.from}>
        <input id="filter-from" name="from" type="date" defaultValue={filter.from ?? ''} className={control} />
      </Field>
      <Field id="filter-to" label={FILTER_LABELS.to}>
        <input id="filter-to" name="to" type="date" defaultValue={filter.to ?? ''} className={control} />
      </Field>
      <Field id="filter-q" label={FILTER_LABELS.q}>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ''}
          placeholder="Profile ID, number or tag"
          autoComplete="off"
          className={control}
        />
      </Field>
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
