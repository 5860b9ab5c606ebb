import Link from 'next/link';

import { LocalTime } from '@/components/ui/local-time';
import { UpdateLink } from '@/components/updates/note-text';
import type { FixingUpdate } from '@/components/updates/update-since';

/**
 * What came of a failed update, first on its page when a later update made it good: its retry
 * saved it, or later saves set every field it wanted. The original failure follows below.
 */
export function UpdateFixedBy({ kind, fixedBy }: { kind: 'retried' | 'superseded'; fixedBy: FixingUpdate }) {
  return (
    <section
      aria-label="How it ended"
      className="flex flex-col gap-1 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-950"
    >
      <h2 className="text-base font-semibold">
        {kind === 'retried' ? 'Sent again and saved' : 'Fixed by a later update'}
      </h2>
      {kind === 'retried' ? (
        <p>
          {fixedBy.who ?? 'Someone'} sent it again at <LocalTime ms={fixedBy.at} />, and Attestr saved it.{' '}
          <Link href={fixedBy.href} className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            See the retry
          </Link>
        </p>
      ) : (
        <p>
          <UpdateLink {...fixedBy} /> set every field this update wanted to change, so it closed by itself.
        </p>
      )}
      <p className="text-emerald-900">Below: this update as first sent, and why it failed.</p>
    </section>
  );
}
