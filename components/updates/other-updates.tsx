import Link from 'next/link';

import { LocalTime } from '@/components/ui/local-time';
import { OutcomeBadge } from '@/components/updates/outcome-badge';
import type { RelatedUpdate } from '@/components/updates/update-since';

/** The profile's other updates, newest first, each opening its own page. */
export function OtherUpdates({ others }: { others: readonly RelatedUpdate[] }) {
  return (
    <section
      aria-label="Other updates of this profile"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 className="mb-2 text-base font-semibold">Other updates of this profile</h2>
      {others.length === 0 ? (
        <p className="text-sm text-slate-500">None.</p>
      ) : (
        <ul className="flex flex-col gap-1 text-sm">
          {others.map((other) => (
            <li key={other.id} className="flex flex-wrap items-center gap-2">
              <Link href={`/updates/${other.id}`} className="text-indigo-700 hover:underline">
                <LocalTime ms={other.createdAt} />
              </Link>
              <OutcomeBadge outcome={other.outcome} />
              <span className="text-slate-600">{other.who}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
