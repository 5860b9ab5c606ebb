import Link from 'next/link';

import { Badge } from '@/components/ui/badge';
import type { ProfileSearchResult } from '@/lib/shared/api-types';

/** The signed-in person's recently opened profiles, newest first, as the page read them. */
export function RecentProfiles({ profiles }: { profiles: readonly Omit<ProfileSearchResult, 'matched'>[] }) {
  if (profiles.length === 0) {
    return <p className="text-sm text-slate-500">Profiles you open appear here.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {profiles.map((profile) => (
        <li key={profile.profileId}>
          <Link
            href={`/profiles/${encodeURIComponent(profile.profileId)}`}
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2 text-sm hover:bg-slate-50"
          >
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-indigo-700">{profile.name ?? profile.profileId}</span>
              {profile.archived ? <Badge tone="neutral">Archived</Badge> : null}
            </span>
            <span className="font-mono text-xs text-slate-500">{profile.number ?? profile.profileId}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
