'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';

import { Badge } from '@/components/ui/badge';
import type { ProfileSearchResult } from '@/lib/shared/api-types';
import { errorInOneLine } from '@/lib/errors/attestr-said';
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

/**
 * "Find a profile": a combobox over the profiles the console has seen, searched as the person
 * types (name words, tag, number or id); an id it has not seen is looked up at Attestr.
 * Arrow keys move through the results, Enter opens one, Escape closes the list.
 */
export function FindProfile() {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-results`;
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

  let status = '';
  if (typed.length > 0 && tooShort) status = `Type at least ${SEARCH_MIN_LENGTH} characters.`;
  else if (search.isError && settled) status = errorInOneLine(search.error.error);
  else if (settled && search.data) {
    status =
      search.data.results.length > 0
        ? countSentence(search.data.results.length)
        : search.data.lookedUpAtAttestr
          ? 'No profile found, here or at Attestr.'
          : 'No profile found. Try another name, tag or number, or paste the whole profile ID.';
  } else if (!tooShort) status = 'Searching…';

  return (
    <div className="relative flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        Find a profile
      </label>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-describedby={`${id}-hint ${id}-status`}
        aria-activedescendant={expanded && active >= 0 ? `${id}-option-${active}` : undefined}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
        placeholder="Name, tag, number or profile ID"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Searches the profiles opened or changed in this console; a whole profile ID is also looked up at Attestr.
      </p>
      <p id={`${id}-status`} aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {status}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Profiles found"
        hidden={!expanded}
        className="absolute top-[4.75rem] right-0 left-0 z-10 max-h-96 overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        {results.map((profile, index) => (
          <li
            key={profile.profileId}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            // Chosen on mousedown, before the input's blur closes the list.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(profile);
            }}
            onMouseEnter={() => setActive(index)}
            className={`flex cursor-pointer flex-col gap-0.5 px-3 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4 ${
              index === active ? 'bg-indigo-50' : ''
            }`}
          >
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-indigo-700">{profile.name ?? profile.profileId}</span>
              {profile.archived ? <Badge tone="neutral">Archived</Badge> : null}
            </span>
            <span className="flex flex-wrap gap-x-3 font-mono text-xs text-slate-500">
              {profile.tag ? <span>{profile.tag}</span> : null}
              <span>{profile.number ?? profile.profileId}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
