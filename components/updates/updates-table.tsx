'use client';

import Link from 'next/link';
import { useState } from 'react';

import { OutcomeBadge } from '@/components/updates/outcome-badge';
import { SelectUpdate, type Selection } from '@/components/updates/select-update';
import { useBulkFailureLines } from '@/lib/queries/updates';
import { LocalTime } from '@/components/ui/local-time';
import { ROLE_LABELS, isRole } from '@/lib/shared/permissions';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';
import { SOURCE_LABELS, type BulkFailureGroup, type InboxAttempt, type InboxRow } from '@/lib/shared/inbox-view';

const cell = 'px-3 py-2 align-top';
const COLUMNS = ['Time', 'Profile', 'Who', 'Source', 'Changed', 'Outcome', 'Attestr code', 'Tracing ID'];

/** "Bulk update people.csv — 18 failed lines". */
export function groupTitle(group: BulkFailureGroup): string {
  const lines = `${group.failed.toLocaleString('en')} failed ${group.failed === 1 ? 'line' : 'lines'}`;
  return `Bulk update ${group.fileName ?? '(a removed job)'} — ${lines}`;
}

function AttemptRow({
  attempt,
  selection,
  line,
}: {
  attempt: InboxAttempt;
  selection: Selection | null;
  line?: boolean;
}) {
  return (
    <tr data-attempt-id={attempt.id} className={line ? 'bg-slate-50' : undefined}>
      {selection ? (
        <td className={cell}>
          <SelectUpdate attempt={attempt} selection={selection} />
        </td>
      ) : null}
      <td className={`${cell} whitespace-nowrap ${line ? 'border-l-4 border-indigo-200' : ''}`}>
        <Link
          href={`/updates/${attempt.id}`}
          className="font-medium text-indigo-700 underline-offset-2 hover:underline"
        >
          <LocalTime ms={attempt.createdAt} />
        </Link>
      </td>
      <td className={`${cell} min-w-[11rem] break-words`}>
        <div className="font-medium text-slate-900">{attempt.profileName || 'Name not known'}</div>
        <div className="text-xs text-slate-600">
          {attempt.profileTag ? <span className="font-mono">{attempt.profileTag}</span> : null}
          {attempt.profileTag && attempt.profileNumber ? ' · ' : null}
          {attempt.profileNumber ? <span className="font-mono">{attempt.profileNumber}</span> : null}
        </div>
        <div className="font-mono text-xs text-slate-500">{attempt.profileId}</div>
      </td>
      <td className={cell}>
        <div>{attempt.actorName ?? 'A removed account'}</div>
        <div className="text-xs text-slate-600">
          {isRole(attempt.actorRole) ? ROLE_LABELS[attempt.actorRole] : 'Role not recorded'}
        </div>
      </td>
      <td className={cell}>{SOURCE_LABELS[attempt.source]}</td>
      <td className={cell}>
        {attempt.changedFields.length
          ? attempt.changedFields.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')
          : '—'}
      </td>
      <td className={cell}>
        <OutcomeBadge outcome={attempt.outcome} />
      </td>
      <td className={`${cell} font-mono`}>{attempt.errorCode ?? '—'}</td>
      <td className={`${cell} break-all font-mono text-xs`}>{attempt.tracingId ?? '—'}</td>
    </tr>
  );
}

/** A bulk job's failed lines as one row; "Show lines" reads them under the page's filter. */
function GroupRows({
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
  const span = COLUMNS.length - 1;
  return (
    <>
      <tr data-bulk-job-id={group.jobId} className="bg-indigo-50/40">
        {selection ? <td className={cell} /> : null}
        <td className={`${cell} whitespace-nowrap`}>
          <LocalTime ms={group.latestAt} />
        </td>
        <td className={cell} colSpan={span}>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
            <span className="font-medium text-slate-900">{groupTitle(group)}</span>
            <button
              type="button"
              aria-expanded={open}
              onClick={() => setOpen(!open)}
              className="text-sm font-semibold text-indigo-700 hover:underline"
            >
              {open ? 'Hide lines' : 'Show lines'}
            </button>
            <Link href={`/bulk/${group.jobId}`} className="text-sm font-semibold text-indigo-700 hover:underline">
              Open the job
            </Link>
          </div>
        </td>
      </tr>
      {open ? <GroupLines lines={lines} group={group} selection={selection} /> : null}
    </>
  );
}

function GroupLines({
  lines,
  group,
  selection,
}: {
  lines: ReturnType<typeof useBulkFailureLines>;
  group: BulkFailureGroup;
  selection: Selection | null;
}) {
  const span = COLUMNS.length + (selection ? 1 : 0);
  if (!lines.data) {
    return (
      <tr>
        <td colSpan={span} className={`${cell} text-slate-600`}>
          {lines.error ? 'The lines could not be read. Try again, or open the job.' : 'Reading the lines…'}
        </td>
      </tr>
    );
  }
  const { attempts, total } = lines.data;
  return (
    <>
      {attempts.map((attempt) => (
        <AttemptRow key={attempt.id} attempt={attempt} selection={selection} line />
      ))}
      {total > attempts.length ? (
        <tr>
          <td colSpan={span} className={`${cell} text-slate-700`}>
            The newest {attempts.length.toLocaleString('en')} of {total.toLocaleString('en')} failed lines.{' '}
            <Link href={`/bulk/${group.jobId}`} className="font-semibold text-indigo-700 hover:underline">
              Open the job for all of them
            </Link>
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** The rows of one page, newest first; each update's time opens it, a bulk job's failures fold into one row. */
export function UpdatesTable({
  rows,
  filterQuery,
  selection,
}: {
  rows: InboxRow[];
  filterQuery: string;
  /** Null for those who may not resolve. */
  selection: Selection | null;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-sm">
        <caption className="sr-only">Updates, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {selection ? (
              <th scope="col" className="px-3 py-2 font-semibold">
                <span className="sr-only">Select</span>
              </th>
            ) : null}
            {COLUMNS.map((name) => (
              <th key={name} scope="col" className="px-3 py-2 font-semibold">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) =>
            row.kind === 'attempt' ? (
              <AttemptRow key={row.attempt.id} attempt={row.attempt} selection={selection} />
            ) : (
              <GroupRows
                key={`bulk-${row.group.jobId}`}
                group={row.group}
                filterQuery={filterQuery}
                selection={selection}
              />
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
