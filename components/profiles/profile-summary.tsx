import type { ReactNode } from 'react';

import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { ApiProfile } from '@/lib/shared/api-types';

export function ProfileSummary({ profile, archived }: { profile: ApiProfile; archived: boolean }) {
  const rows: [string, ReactNode, string?][] = [
    ['Number', profile.number ?? '—', 'Attestr’s own reference number for this profile'],
    ['Tag', profile.tag, 'Your company’s reference, such as an employee ID'],
    ['Profile ID', profile.id],
    ['Created', <LocalTime key="created" ms={profile.created} />],
    ['Updated', <LocalTime key="updated" ms={profile.updated} />],
  ];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold tracking-tight [overflow-wrap:anywhere]">{profile.name}</h1>
        {/* The status, said once: beside the name. */}
        {archived ? <Badge tone="neutral">Archived</Badge> : <Badge tone="success">Active</Badge>}
      </div>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-4 gap-y-2 text-sm">
        {rows.map(([label, value, hint]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium [overflow-wrap:anywhere]">{value}</dd>
            {/* A second description of the same term: what the value is, for whoever wonders. */}
            {hint ? <dd className="col-start-2 -mt-1.5 text-xs text-slate-500">{hint}</dd> : null}
          </div>
        ))}
      </dl>
    </div>
  );
}
