import Link from 'next/link';

import { JOB_STATE_TONES, JOB_STATE_WORDS, ownerLabel, progressHeadline } from '@/components/bulk/words';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { BulkJobView } from '@/lib/shared/bulk-types';

/** Bulk jobs, newest first, each linking to its page. */
export function BulkJobsList({ jobs, ownOnly }: { jobs: BulkJobView[]; ownOnly: boolean }) {
  return (
    <section aria-label="Bulk jobs" className="min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="border-b border-slate-200 p-3">
        <h2 className="text-base font-semibold text-slate-900">Earlier bulk updates</h2>
        {ownOnly ? <p className="text-sm text-slate-600">You see your own bulk updates only.</p> : null}
      </div>
      {jobs.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">No bulk updates yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {jobs.map((job) => (
            <li
              key={job.id}
              className="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:gap-4"
              data-job-id={job.id}
            >
              <div className="flex min-w-0 flex-col sm:flex-1">
                <Link
                  href={`/bulk/${encodeURIComponent(job.id)}`}
                  className="font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
                >
                  {job.fileName}
                </Link>
                <span className="text-xs text-slate-600">
                  {ownerLabel(job.owner)} · <LocalTime ms={job.createdAt} />
                  {job.dryRun ? ' · dry run first' : ''}
                </span>
              </div>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
                <Badge tone={JOB_STATE_TONES[job.state]}>{JOB_STATE_WORDS[job.state]}</Badge>
                <span>{progressHeadline(job)}</span>
                {job.counts.failed > 0 ? (
                  <span className="text-rose-800">{job.counts.failed.toLocaleString('en')} failed</span>
                ) : null}
                {job.counts.cancelled > 0 && job.state !== 'cancelled' ? (
                  <span>{job.counts.cancelled.toLocaleString('en')} cancelled</span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
