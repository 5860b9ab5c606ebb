import { LocalTime } from '@/components/ui/local-time';
import { plural } from '@/components/bulk/words';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { formatWait } from '@/lib/format';

const inDryRun = (job: BulkJobView) => job.state === 'dry_run' || job.state === 'checked';

/** Lines settled, or during and after a dry run (until Start update) profiles read. */
function settledOf(job: BulkJobView): number {
  return inDryRun(job) ? (job.preview?.read ?? 0) : job.counts.total - job.counts.remaining;
}

/** The share of a job's lines settled (or, in a dry run, read), 0 to 100. */
export function progressPercent(job: BulkJobView): number {
  const { total } = job.counts;
  if (total === 0) return 100;
  return Math.min(100, Math.floor((100 * settledOf(job)) / total));
}

function Count({ label, value, tone = 'text-slate-900' }: { label: string; value: number; tone?: string }) {
  return (
    <div className="flex flex-col rounded-md border border-slate-200 px-3 py-2">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className={`text-xl font-semibold tabular-nums ${tone}`}>{value.toLocaleString('en')}</dd>
    </div>
  );
}

/** A job's progress bar, counts, pace and time left, and why it waits. */
export function BulkJobProgress({ job }: { job: BulkJobView }) {
  const percent = progressPercent(job);
  const { counts } = job;
  const moving = job.state === 'running' || job.state === 'dry_run';
  const label = inDryRun(job) ? 'read' : 'done';
  const settled = settledOf(job);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="font-medium text-slate-900" aria-live="polite">
          {settled.toLocaleString('en')} of {plural(counts.total, 'line')} {label} ({percent}%)
        </p>
        {moving && job.rowsPerSecond !== null ? (
          <p className="text-slate-600" data-testid="bulk-rate">
            {job.rowsPerSecond.toLocaleString('en', { maximumFractionDigits: 1 })} lines a second
            {job.secondsLeft !== null ? ` · about ${formatWait(job.secondsLeft)} left` : ''}
          </p>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${settled.toLocaleString('en')} of ${plural(counts.total, 'line')} ${label}`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      {!inDryRun(job) ? (
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" aria-label="Counts">
          <Count label="Done" value={counts.done} tone="text-emerald-800" />
          <Count label="Failed" value={counts.failed} tone={counts.failed > 0 ? 'text-rose-800' : undefined} />
          <Count label="Remaining" value={counts.remaining} />
          <Count label="Cancelled" value={counts.cancelled} />
        </dl>
      ) : null}
      {job.message ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="status">
          {job.message}
        </p>
      ) : null}
      {job.pausedUntil ? (
        <p className="text-sm text-amber-900">
          Waits until <LocalTime ms={job.pausedUntil} />, then goes on by itself.
        </p>
      ) : null}
    </div>
  );
}
