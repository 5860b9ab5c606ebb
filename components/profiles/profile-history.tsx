import Link from 'next/link';

import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { FieldValue } from '@/components/ui/field-value';
import { LocalTime } from '@/components/ui/local-time';
import { OutcomeBadge, type AttemptOutcome } from '@/components/updates/outcome-badge';
import type { AttestrSaid } from '@/lib/errors/attestr-said';
import { PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';

/** One update of a profile as its History lists it. */
export interface HistoryEntry {
  id: string;
  at: number;
  /** "Name (Role)", or who it was when that user is gone. */
  who: string;
  outcome: AttemptOutcome;
  retry: boolean;
  changes: { field: ProfileField; from: string; to: string }[];
  reason: string | null;
  /** The plain sentence of what went wrong; absent when nothing did. */
  problem?: string;
  /** Attestr's own words and code, when Attestr answered the update with an error. */
  said?: AttestrSaid;
  /** The update's own page, when the viewer may open it. */
  href?: string;
}

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
 * newest first. Rendered on the server; the only script it uses (the viewer's time zone) the
 * page loads anyway.
 */
export function ProfileHistory({
  entries,
  moreHref,
  ownOnly = false,
}: {
  entries: HistoryEntry[];
  moreHref?: string;
  /** The viewer sees their own updates only (support): said, so an empty list is not misread. */
  ownOnly?: boolean;
}) {
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
