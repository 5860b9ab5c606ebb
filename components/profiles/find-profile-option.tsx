'use client';

import { Badge } from '@/components/ui/badge';
import type { ProfileSearchResult } from '@/lib/shared/api-types';

/** Said under a profile found by its email or mobile, which the list never shows. */
const MATCH_NOTES: Partial<Record<ProfileSearchResult['matched'], string>> = {
  email: 'Email matches',
  mobile: 'Mobile matches',
};

/**
 * One profile in the list of "Find a profile": its name and archived mark, why it was found when
 * that is not in sight, its tag and number.
 */
export function FindProfileOption({
  id,
  profile,
  active,
  onChoose,
  onHover,
}: {
  id: string;
  profile: ProfileSearchResult;
  active: boolean;
  onChoose: () => void;
  onHover: () => void;
}) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      // Chosen on mousedown, before the input's blur closes the list.
      onMouseDown={(event) => {
        event.preventDefault();
        onChoose();
      }}
      onMouseEnter={onHover}
      className={`flex cursor-pointer flex-col gap-0.5 px-3 py-2 text-sm sm:flex-row sm:items-center sm:justify-between sm:gap-4 ${
        active ? 'bg-indigo-50' : ''
      }`}
    >
      <span className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-indigo-700">{profile.name ?? profile.profileId}</span>
        {profile.archived ? <Badge tone="neutral">Archived</Badge> : null}
        {MATCH_NOTES[profile.matched] ? (
          <span className="text-xs font-medium text-emerald-800">{MATCH_NOTES[profile.matched]}</span>
        ) : null}
      </span>
      <span className="flex flex-wrap gap-x-3 font-mono text-xs text-slate-500">
        {profile.tag ? <span>{profile.tag}</span> : null}
        <span>{profile.number ?? profile.profileId}</span>
      </span>
    </li>
  );
}
