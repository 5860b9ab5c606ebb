'use client';

import Link from 'next/link';

import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { FieldValue } from '@/components/ui/field-value';
import { LocalTime } from '@/components/ui/local-time';
import { OutcomeBadge } from '@/components/updates/outcome-badge';
import type { ProfileHistoryResponse } from '@/lib/shared/api-types';
import { PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';
import { useProfileHistoryQuery } from '@/lib/queries/profiles';

const CHECKED_WORDS = {
  succeeded: 'Checked at Attestr: the change is there.',
  failed: 'Checked at Attestr: the change was not applied.',
  conflict: 'Checked at Attestr: someone else changed it meanwhile.',
} as const;

function Shown({ field, value }: { field: ProfileField; value: string }) {
  if (!value) return <>(empty)</>;
  return (
    <>
      “<FieldValue field={field} value={value} />”
    </>
  );
}

/**
 * A profile's History: who changed which field from what to what, when, why and what failed,
 * newest first. The page renders it with the entries it read; a save, a failed save or a check
 * at Attestr in this tab refetches it, so it never lags behind the results panel.
 */
export function ProfileHistory({ profileId, initial }: { profileId: string; initial: ProfileHistoryResponse }) {
  const { entries, moreHref, ownOnly } = useProfileHistoryQuery(profileId, initial).data;
  return (
    <section aria-label="History" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-3 text-base font-semibold">History</h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">
          {ownOnly
            ? 'You have made no changes to this profile from the console.'
            : 'No changes have been made to this profile from the console.'}
        </p>
      ) : (
        <ol className="flex flex-col divide-y divide-slate-100">
          {entries.map((entry) => (
            <li key={entry.id} className="flex flex-col gap-1 py-2 text-sm [overflow-wrap:anywhere]">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">
                  <LocalTime ms={entry.at} />
                </span>
                <span className="text-slate-700">
                  {entry.who}
                  {entry.retry ? ', sending an earlier update again' : ''}
                </span>
                <OutcomeBadge outcome={entry.outcome} />
                {entry.href ? (
                  <Link href={entry.href} className="text-indigo-700 hover:underline">
                    Details
                  </Link>
                ) : null}
              </p>
              {entry.changes.length > 0 ? (
                <ul className="pl-4">
                  {entry.changes.map((change) => (
                    <li key={change.field}>
                      <span className="font-medium">{PROFILE_FIELD_LABELS[change.field]}:</span>{' '}
                      <Shown field={change.field} value={change.from} /> →{' '}
                      <Shown field={change.field} value={change.to} />
                    </li>
                  ))}
                </ul>
              ) : null}
              {entry.reason ? (
                <p className="text-slate-600">
                  <span className="font-medium text-slate-700">Reason:</span> {entry.reason}
                </p>
              ) : null}
              {entry.problem ? <p className="text-rose-800">{entry.problem}</p> : null}
              {entry.checked ? <p className="font-medium text-slate-800">{CHECKED_WORDS[entry.checked]}</p> : null}
              {entry.said ? <AttestrSaidLine said={entry.said} /> : null}
            </li>
          ))}
        </ol>
      )}
      {ownOnly && entries.length > 0 ? (
        <p className="mt-2 text-sm text-slate-600">You see your own updates only.</p>
      ) : null}
      {moreHref ? (
        <p className="mt-2 text-sm">
          <Link href={moreHref} className="font-medium text-indigo-700 hover:underline">
            Show more in Updates
          </Link>
        </p>
      ) : null}
    </section>
  );
}
