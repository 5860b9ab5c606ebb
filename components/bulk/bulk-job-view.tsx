'use client';

import { BulkJobActions } from '@/components/bulk/bulk-job-actions';
import { BulkJobDryRun } from '@/components/bulk/bulk-job-dry-run';
import { BulkJobHeader } from '@/components/bulk/bulk-job-header';
import { BulkJobProgress } from '@/components/bulk/bulk-job-progress';
import { BulkJobRows } from '@/components/bulk/bulk-job-rows';
import { FailedRowsDownload } from '@/components/bulk/failed-rows-download';
import { useRowsFollowJob } from '@/components/bulk/use-rows-follow-job';
import type { BulkJobView as Job, BulkRowView } from '@/lib/shared/bulk-types';
import { bulkJobPollInterval, useBulkJobQuery } from '@/lib/queries/bulk';

/** A job's page after its first paint: asked for again every second while it moves. */
export function BulkJobView({
  initialJob,
  initialRows,
}: {
  initialJob: Job;
  initialRows: { rows: BulkRowView[]; next: number | null };
}) {
  const query = useBulkJobQuery(initialJob);
  const job = query.data.job;
  const interval = bulkJobPollInterval(job);
  useRowsFollowJob(job);
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <BulkJobHeader job={job} />

      {job.purged ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">
          The file’s values were deleted after the retention period. The counts and each line’s outcome are kept.
        </p>
      ) : null}

      <section
        aria-label="Job"
        className="flex min-w-0 flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <BulkJobProgress job={job} />
        <BulkJobDryRun job={job} />
        {job.state === 'queued' || job.state === 'running' ? (
          <p className="text-sm text-slate-600">
            The update runs on the server: you may close this tab and come back to this page at any time.
          </p>
        ) : null}
        <BulkJobActions job={job} />
        <FailedRowsDownload job={job} />
      </section>

      <BulkJobRows
        jobId={job.id}
        refetchInterval={interval === false ? false : Math.max(interval, 2_000)}
        initial={initialRows}
      />
    </div>
  );
}
