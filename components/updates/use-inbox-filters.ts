'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';

/**
 * What the filters form does with JavaScript: it goes to the updates page with the filled
 * fields only, on Apply and as soon as a choice from a list changes.
 */
export function useInboxFilters() {
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
  return { onSubmit, onChoice };
}
