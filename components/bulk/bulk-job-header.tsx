'use client';

import Link from 'next/link';

import { JOB_STATE_TONES, JOB_STATE_WORDS, leftOutWords, ownerLabel } from '@/components/bulk/words';
import { Badge } from '@/components/ui/badge';
import { LocalTime } from '@/components/ui/local-time';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';

/** A job's heading: its file, its state, who started it and when, what it changes. */
export function BulkJobHeader({ job }: { job: BulkJobView }) {
  return (
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
      {job.retryOf && job.leftOut > 0 ? (
        <p className="text-sm text-slate-700" data-testid="bulk-left-out">
          {leftOutWords(job.leftOut)}
        </p>
      ) : null}
    </div>
  );
}
