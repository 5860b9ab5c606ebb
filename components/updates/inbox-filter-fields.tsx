'use client';

import type { FormEvent, ReactNode } from 'react';

import type { InboxFilter } from '@/lib/shared/inbox-filter';
import { FILTER_LABELS } from '@/lib/shared/inbox-view';

const control = 'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm';

/** A filter's label above its control. */
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

/** A filter chosen from a list, whose first choice ("Any …") leaves it out; a choice applies at once. */
export function ChoiceFilter({
  name,
  filter,
  anyLabel,
  anyValue = '',
  options,
  onChoice,
}: {
  name: keyof InboxFilter;
  filter: InboxFilter;
  anyLabel: string;
  /** The value of "Any …": empty (left out of the address) unless the address must say it. */
  anyValue?: string;
  options: readonly { value: string; label: string }[];
  onChoice: (event: FormEvent<HTMLSelectElement>) => void;
}) {
  const id = `filter-${name}`;
  return (
    <Field id={id} label={FILTER_LABELS[name]}>
      <select id={id} name={name} defaultValue={filter[name] ?? anyValue} onChange={onChoice} className={control}>
        <option value={anyValue}>{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A filter typed or picked in a field of its own (text, search or date). */
export function TextFilter({
  name,
  filter,
  type,
  placeholder,
  mono = false,
}: {
  name: keyof InboxFilter;
  filter: InboxFilter;
  type?: 'search' | 'date';
  placeholder?: string;
  /** Shown in a fixed-width font, as codes are. */
  mono?: boolean;
}) {
  const id = `filter-${name}`;
  return (
    <Field id={id} label={FILTER_LABELS[name]}>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={filter[name] ?? ''}
        placeholder={placeholder}
        // A date field offers no suggestions of its own to turn off.
        autoComplete={type === 'date' ? undefined : 'off'}
        className={mono ? `${control} font-mono` : control}
      />
    </Field>
  );
}
