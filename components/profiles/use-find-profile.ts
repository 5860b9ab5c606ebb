'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type KeyboardEvent } from 'react';

import type { ProfileSearchResponse, ProfileSearchResult } from '@/lib/shared/api-types';
import { errorInOneLine } from '@/lib/errors/attestr-said';
import type { ApiRequestError } from '@/lib/queries/api-client';
import { SEARCH_MIN_LENGTH, useProfileSearch } from '@/lib/queries/profile-search';

/** How long typing pauses before a search goes out. */
const DEBOUNCE_MS = 150;

function useDebounced(value: string): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return debounced;
}

function countSentence(count: number): string {
  return count === 1 ? '1 profile found.' : `${count} profiles found.`;
}

/** The line under the field: what to type, that a search is out, or what it found. */
function searchStatus({
  typed,
  tooShort,
  settled,
  search,
}: {
  typed: string;
  tooShort: boolean;
  /** The answer is for what is typed now, and no newer one is on its way. */
  settled: boolean;
  search: UseQueryResult<ProfileSearchResponse, ApiRequestError>;
}): string {
  if (typed.length > 0 && tooShort) return `Type at least ${SEARCH_MIN_LENGTH} characters.`;
  if (search.isError && settled) return errorInOneLine(search.error.error);
  if (settled && search.data) {
    if (search.data.results.length > 0) return countSentence(search.data.results.length);
    return search.data.lookedUpAtAttestr
      ? 'No profile found, here or at Attestr.'
      : 'No profile found. Try another name, email, mobile, tag or number, or paste the whole profile ID.';
  }
  return tooShort ? '' : 'Searching…';
}

/**
 * The state of "Find a profile": what is typed, the results of its search, whether the list
 * is open and which option is active, and what the keys do.
 */
export function useFindProfile() {
  const router = useRouter();
  const [value, setValue] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useDebounced(value);
  const search = useProfileSearch(query);
  const typed = value.trim();
  const tooShort = typed.length < SEARCH_MIN_LENGTH;
  const results: ProfileSearchResult[] = !tooShort && search.data ? search.data.results : [];
  const expanded = open && results.length > 0;
  const settled = !tooShort && query.trim() === typed && !search.isFetching;

  function choose(profile: ProfileSearchResult) {
    setOpen(false);
    router.push(`/profiles/${encodeURIComponent(profile.profileId)}`);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (results.length === 0) return;
      event.preventDefault();
      setOpen(true);
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + results.length) % results.length);
    } else if (event.key === 'Enter') {
      const chosen = results[active] ?? (results.length === 1 ? results[0] : undefined);
      if (expanded && chosen) {
        event.preventDefault();
        choose(chosen);
      }
    } else if (event.key === 'Escape') {
      if (expanded) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setValue('');
      }
    }
  }

  function onType(text: string) {
    setValue(text);
    setOpen(true);
    setActive(-1);
  }

  return {
    value,
    results,
    expanded,
    active,
    setActive,
    status: searchStatus({ typed, tooShort, settled, search }),
    choose,
    onType,
    onKeyDown,
    onFocus: () => setOpen(true),
    onBlur: () => setOpen(false),
  };
}
