import { Badge } from '@/components/ui/badge';
import type { ApiProfile } from '@/lib/api/types';
import { formatTimestamp } from '@/lib/format';

export function ProfileSummary({ profile, archived }: { profile: ApiProfile; archived: boolean }) {
  const rows: [string, string][] = [
    ['Number', profile.number ?? '—'],
    ['Tag', profile.tag],
    ['Profile ID', profile.id],
    ['Created', formatTimestamp(profile.created)],
    ['Updated', formatTimestamp(profile.updated)],
  ];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold tracking-tight">{profile.name}</h1>
        {archived ? <Badge tone="danger">Archived</Badge> : <Badge tone="success">Active</Badge>}
      </div>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium [overflow-wrap:anywhere]">{value}</dd>
          </div>
        ))}
        <dt className="text-slate-500">Status</dt>
        <dd className="font-medium">{archived ? 'Archived' : 'Active'}</dd>
      </dl>
      {archived ? (
        <p className="mt-3 rounded-md bg-rose-50 p-3 text-sm text-rose-900">
          This profile is archived. Archived profiles cannot be changed by anyone; its details are shown read-only.
        </p>
      ) : null}
    </div>
  );
}
