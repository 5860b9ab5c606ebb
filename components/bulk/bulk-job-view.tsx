'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef } from 'react';

import { BulkJobActions } from '@/components/bulk/bulk-job-actions';
import { BulkJobProgress } from '@/components/bulk/bulk-job-progress';
import { BulkJobRows } from '@/components/bulk/bulk-job-rows';
import { JOB_STATE_TONES, JOB_STATE_WORDS, PREVIEW_WORDS, plural } from '@/components/bulk/words';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { BulkJobView as Job, BulkPreviewState, BulkRowView } from '@/lib/shared/bulk-types';
import { ownerLabel } from '@/components/bulk/words';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';
import { bulkJobPollInterval, useBulkJobQuery } from '@/lib/queries/bulk';

const PREVIEW_ORDER: BulkPreviewState[] = ['changes', 'no_change', 'archived', 'not_found', 'failed'];

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
  const client = useQueryClient();
  // The lines are asked for less often than the job: when the job moves on, so do they.
  const moment = `${job.state}:${job.counts.remaining}`;
  const seen = useRef(moment);
  useEffect(() => {
    if (seen.current === moment) return;
    seen.current = moment;
    void client.invalidateQueries({ queryKey: ['bulk-rows', job.id] });
  }, [client, job.id, moment]);
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-sm">
          <Link href="/bulk" className="font-medium text-indigo-700 hover:underline">
            Bulk updates
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight [overflow-wrap:anywhere]">{job.fileName}</h1>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">
          <span data-testid="bulk-job-state">
            <Badge tone={JOB_STATE_TONES[job.state]}>{JOB_STATE_WORDS[job.state]}</Badge>
          </span>
          <span>
            By {ownerLabel(job.owner)}, <LocalTime ms={job.createdAt} />
          </span>
          {job.fields.length > 0 ? (
            <span>Changes {job.fields.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')}</span>
          ) : null}
          {job.retryOf ? (
            <Link href={`/bulk/${encodeURIComponent(job.retryOf)}`} className="text-indigo-700 hover:underline">
              Sends again the failed lines of an earlier job
            </Link>
          ) : null}
        </div>
      </div>

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
        {job.preview && (job.state === 'dry_run' || job.state === 'checked') ? (
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
        ) : null}
        {job.state === 'queued' || job.state === 'running' ? (
          <p className="text-sm text-slate-600">
            The update runs on the server: you may close this tab and come back to this page at any time.
          </p>
        ) : null}
        <BulkJobActions job={job} />
        {job.counts.failed > 0 && !job.purged ? (
          <p>
            <a
              href={`/api/bulk/jobs/${encodeURIComponent(job.id)}/failed-rows`}
              download
              className="inline-block rounded-md px-3 py-1.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Download failed rows
            </a>
            <span className="ml-2 text-sm text-slate-600">
              {plural(job.counts.failed, 'line')}, with the reason in an “error” column, to fix and upload again.
            </span>
          </p>
        ) : null}
      </section>

      <BulkJobRows
        jobId={job.id}
        refetchInterval={interval === false ? false : Math.max(interval, 2_000)}
        initial={initialRows}
      />
    </div>
  );
}
