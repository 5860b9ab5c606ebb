'use client';

import { plural } from '@/components/bulk/words';
import type { BulkJobView } from '@/lib/shared/bulk-types';

/** The link to a job's failed lines as a file to fix and upload again, while its values are kept. */
export function FailedRowsDownload({ job }: { job: BulkJobView }) {
  // Skipped lines go in the file too: corrected, they may be uploaded again.
  const lines = job.counts.failed + job.counts.skipped;
  if (lines <= 0 || job.purged) return null;
  return (
    <p>
      <a
        href={`/api/bulk/jobs/${encodeURIComponent(job.id)}/failed-rows`}
        download
        className="inline-block rounded-md px-3 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
      >
        Download failed rows
      </a>
      <span className="ml-2 text-sm text-slate-600">
        {plural(lines, 'line')}, with the reason in an “error” column, to fix and upload again.
      </span>
    </p>
  );
}
