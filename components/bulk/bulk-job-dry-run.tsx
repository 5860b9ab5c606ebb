'use client';

import { PREVIEW_WORDS } from '@/components/bulk/words';
import type { BulkJobView, BulkPreviewState } from '@/lib/shared/bulk-types';

const PREVIEW_ORDER: BulkPreviewState[] = ['changes', 'no_change', 'archived', 'not_found', 'failed'];

/** During and after a dry run: what it is doing, and what it has found so far. */
export function BulkJobDryRun({ job }: { job: BulkJobView }) {
  if (!job.preview || (job.state !== 'dry_run' && job.state !== 'checked')) return null;
  return (
    <div className="flex flex-col gap-1 text-sm text-slate-700">
      <p className="font-medium text-slate-900">
        {job.state === 'dry_run'
          ? 'Reading each profile to show what would change. Nothing is sent yet.'
          : 'The dry run is done: nothing has been sent. Check the lines below, then press Start update to send them.'}
      </p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label="What the dry run found">
        {PREVIEW_ORDER.filter((state) => job.preview?.byState[state]).map((state) => (
          <li key={state}>
            {PREVIEW_WORDS[state]}: {job.preview?.byState[state].toLocaleString('en')}
          </li>
        ))}
      </ul>
    </div>
  );
}
