import Link from 'next/link';

import { OutcomeBadge } from '@/components/updates/outcome-badge';
import { LocalTime } from '@/components/ui/local-time';
import { ROLE_LABELS, isRole } from '@/lib/shared/permissions';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';
import { SOURCE_LABELS, type InboxAttempt } from '@/lib/shared/inbox-view';

const cell = 'px-3 py-2 align-top';

/** The attempts of one page, newest first; each row's time opens that update. */
export function UpdatesTable({ attempts }: { attempts: InboxAttempt[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[56rem] text-left text-sm">
        <caption className="sr-only">Updates, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>
            {['Time', 'Profile', 'Who', 'Source', 'Changed', 'Outcome', 'Attestr code', 'Tracing ID'].map((name) => (
              <th key={name} scope="col" className="px-3 py-2 font-semibold">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {attempts.map((attempt) => (
            <tr key={attempt.id} data-attempt-id={attempt.id}>
              <td className={`${cell} whitespace-nowrap`}>
                <Link
                  href={`/updates/${attempt.id}`}
                  className="font-medium text-indigo-700 underline-offset-2 hover:underline"
                >
                  <LocalTime ms={attempt.createdAt} />
                </Link>
              </td>
              <td className={cell}>
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
          ))}
        </tbody>
      </table>
    </div>
  );
}
