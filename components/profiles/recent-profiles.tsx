'use client';

import Link from 'next/link';

import { useRecentProfiles } from '@/components/profiles/recent-profiles-store';
import { Badge } from '@/components/ui/badge';

export function RecentProfiles({ userId }: { userId: string }) {
  const recent = useRecentProfiles(userId);
  if (recent.length === 0) {
    return <p className="text-sm text-slate-500">Profiles you open appear here.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100">
      {recent.map((profile) => (
        <li key={profile.id}>
          <Link
            href={`/profiles/${encodeURIComponent(profile.id)}`}
            className="flex items-center justify-between gap-4 py-2 text-sm hover:bg-slate-50"
          >
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-indigo-700">{profile.name}</span>
              {profile.archived ? <Badge tone="neutral">Archived</Badge> : null}
            </span>
            <span className="font-mono text-xs text-slate-500">{profile.number ?? profile.id}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
