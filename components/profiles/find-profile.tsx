'use client';

import { useId } from 'react';

import { FindProfileOption } from '@/components/profiles/find-profile-option';
import { useFindProfile } from '@/components/profiles/use-find-profile';

/**
 * "Find a profile": a combobox over the profiles the console has seen, searched as the person
 * types (name words, whole email, mobile, tag, number or id); an id it has not seen is looked up
 * at Attestr.
 * Arrow keys move through the results, Enter opens one, Escape closes the list.
 */
export function FindProfile() {
  const id = useId();
  const listId = `${id}-results`;
  const find = useFindProfile();
  const { expanded, active } = find;

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
        value={find.value}
        onChange={(event) => find.onType(event.target.value)}
        onFocus={find.onFocus}
        onBlur={find.onBlur}
        onKeyDown={find.onKeyDown}
        placeholder="Name, email, mobile, tag, number or ID"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        Searches the profiles this console has seen (opened, changed or imported) by name, whole email, mobile, tag or
        number; a whole profile ID is also looked up at Attestr.
      </p>
      <p id={`${id}-status`} aria-live="polite" className="min-h-5 text-sm text-slate-600">
        {find.status}
      </p>
      <ul
        id={listId}
        role="listbox"
        aria-label="Profiles found"
        hidden={!expanded}
        className="absolute top-[4.75rem] right-0 left-0 z-10 max-h-96 overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
      >
        {find.results.map((profile, index) => (
          <FindProfileOption
            key={profile.profileId}
            id={`${id}-option-${index}`}
            profile={profile}
            active={index === active}
            onChoose={() => find.choose(profile)}
            onHover={() => find.setActive(index)}
          />
        ))}
      </ul>
    </div>
  );
}
