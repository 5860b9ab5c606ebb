import Link from 'next/link';

import { LocalTime } from '@/components/ui/local-time';
import { NoteText, UpdateLink } from '@/components/updates/note-text';
import { OutcomeBadge } from '@/components/updates/outcome-badge';
import type { AttemptOutcome } from '@/lib/shared/inbox-view';
import type { NoteRef } from '@/lib/shared/note-refs';

const SETTLED_TEXT = {
  succeeded: 'the change is at Attestr',
  failed: 'the change is not at Attestr; it holds the values from before',
  conflict: 'Attestr holds other values: someone else changed the profile',
} as const;

/** Another update, with who asked for it as a person reads it. */
export interface RelatedUpdate {
  id: string;
  createdAt: number;
  outcome: AttemptOutcome;
  who: string;
}

export interface UpdateCheck {
  at: number;
  by: string;
  outcome: keyof typeof SETTLED_TEXT | null;
}

/** The later update that resolved this one, named by who made it and when. */
export interface FixingUpdate {
  href: string;
  who: string | null;
  at: number;
}

export interface UpdateResolution {
  at: number;
  by: string;
  /** How it was resolved: by hand, as one that cannot change, by its retry, or by itself when later saves set its fields. */
  kind: 'resolved' | 'cannot_change' | 'retried' | 'superseded';
  note: string | null;
  noteRefs: Readonly<Record<string, NoteRef>>;
  fixedBy: FixingUpdate | null;
}

function ResolutionText({ resolved }: { resolved: UpdateResolution }) {
  const { fixedBy } = resolved;
  if (resolved.kind === 'superseded' && fixedBy) {
    return (
      <>
        closed by itself. Fixed by <UpdateLink {...fixedBy} />, which set every field this update wanted to change.
      </>
    );
  }
  if (resolved.kind === 'retried' && fixedBy) {
    return (
      <>
        sent again and saved by <UpdateLink {...fixedBy} />.
      </>
    );
  }
  return (
    <>
      resolved by {resolved.by}
      {resolved.kind === 'cannot_change' ? ' as one that cannot change' : ''}: “
      <NoteText note={resolved.note ?? ''} refs={resolved.noteRefs} />”
    </>
  );
}

/** What happened to an update afterwards: a check at Attestr, its retries, its resolution; nothing when none. */
export function UpdateSince({
  checked,
  retries,
  resolved,
}: {
  checked: UpdateCheck | null;
  retries: readonly RelatedUpdate[];
  resolved: UpdateResolution | null;
}) {
  if (!checked && !resolved && retries.length === 0) return null;
  return (
    <section aria-label="Since then" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 text-base font-semibold">Since then</h2>
      <ul className="flex flex-col gap-2 text-sm">
        {checked?.outcome ? (
          <li>
            <LocalTime ms={checked.at} />: checked at Attestr by {checked.by}: {SETTLED_TEXT[checked.outcome]}.
          </li>
        ) : null}
        {retries.map((retry) => (
          <li key={retry.id} className="flex flex-wrap items-center gap-2">
            <span>
              <LocalTime ms={retry.createdAt} />: sent again by {retry.who}
            </span>
            <OutcomeBadge outcome={retry.outcome} />
            <Link href={`/updates/${retry.id}`} className="text-indigo-700 hover:underline">
              See that update
            </Link>
          </li>
        ))}
        {resolved ? (
          <li data-testid="resolution">
            <LocalTime ms={resolved.at} />: <ResolutionText resolved={resolved} />
          </li>
        ) : null}
      </ul>
    </section>
  );
}
