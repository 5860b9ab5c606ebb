'use client';

import Link from 'next/link';
import { useState } from 'react';

import { OutcomeBadge } from '@/components/updates/outcome-badge';
import { SelectUpdate, type Selection } from '@/components/updates/select-update';
import { groupTitle } from '@/components/updates/updates-table';
import { LocalTime } from '@/components/ui/local-time';
import { useBulkFailureLines } from '@/lib/queries/updates';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';
import { SOURCE_LABELS, type BulkFailureGroup, type InboxAttempt, type InboxRow } from '@/lib/shared/inbox-view';

/** One update on a phone: whose profile, how it ended and its code first, then the rest. */
function AttemptCard({ attempt, selection }: { attempt: InboxAttempt; selection: Selection | null }) {
  return (
    <li data-attempt-card={attempt.id} className="flex min-w-0 gap-3 p-3">
      {selection && attempt.open ? (
        <div className="pt-0.5">
          <SelectUpdate attempt={attempt} selection={selection} />
        </div>
      ) : null}
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <OutcomeBadge outcome={attempt.outcome} />
          {attempt.errorCode ? (
            <span className="break-all font-mono text-sm font-semibold text-slate-900">{attempt.errorCode}</span>
          ) : null}
        </div>
        <div className="break-words font-medium text-slate-900">{attempt.profileName || 'Name not known'}</div>
        <div className="break-all text-xs text-slate-600">
          {[attempt.profileTag, attempt.profileNumber, attempt.profileId].filter(Boolean).join(' · ')}
        </div>
        <div className="text-xs text-slate-600">
          {SOURCE_LABELS[attempt.source]}
          {attempt.changedFields.length
            ? ` · ${attempt.changedFields.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')}`
            : ''}
          {` · ${attempt.actorName ?? 'A removed account'}`}
        </div>
        <Link
          href={`/updates/${attempt.id}`}
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          <LocalTime ms={attempt.createdAt} />
        </Link>
      </div>
    </li>
  );
}

function GroupCard({
  group,
  filterQuery,
  selection,
}: {
  group: BulkFailureGroup;
  filterQuery: string;
  selection: Selection | null;
}) {
  const [open, setOpen] = useState(false);
  const lines = useBulkFailureLines({ jobId: group.jobId, filterQuery, enabled: open });
  return (
    <li data-bulk-job-card={group.jobId} className="flex flex-col gap-2 bg-indigo-50/40 p-3">
      <div className="break-words font-medium text-slate-900">{groupTitle(group)}</div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-semibold text-indigo-700">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="hover:underline">
          {open ? 'Hide lines' : 'Show lines'}
        </button>
        <Link href={`/bulk/${group.jobId}`} className="hover:underline">
          Open the job
        </Link>
      </div>
      {open ? (
        lines.data ? (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
            {lines.data.attempts.map((attempt) => (
              <AttemptCard key={attempt.id} attempt={attempt} selection={selection} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">
            {lines.error ? 'The lines could not be read. Try again, or open the job.' : 'Reading the lines…'}
          </p>
        )
      ) : null}
    </li>
  );
}

/** The page's updates as cards, for a narrow screen: nothing to scroll sideways. */
export function UpdateCards({
  rows,
  filterQuery,
  selection,
}: {
  rows: InboxRow[];
  filterQuery: string;
  selection: Selection | null;
}) {
  return (
    <ul aria-label="Updates, newest first" className="divide-y divide-slate-100">
      {rows.map((row) =>
        row.kind === 'attempt' ? (
          <AttemptCard key={row.attempt.id} attempt={row.attempt} selection={selection} />
        ) : (
          <GroupCard
            key={`bulk-${row.group.jobId}`}
            group={row.group}
            filterQuery={filterQuery}
            selection={selection}
          />
        ),
      )}
    </ul>
  );
}
