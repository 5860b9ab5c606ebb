import { LocalTime } from '@/components/ui/local-time';
import { progressCount, progressCounts, progressHeadline } from '@/components/bulk/words';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { formatWait } from '@/lib/format';

const inDryRun = (job: BulkJobView) => job.state === 'dry_run' || job.state === 'checked';

/**
 * The share of a job's lines settled (or, in a dry run, read), 0 to 100; a cancelled job reaches
 * 100 once the lines still being sent when it was cancelled have settled.
 */
export function progressPercent(job: Pick<BulkJobView, 'state' | 'counts' | 'preview'>): number {
  const { settled, of } =
    job.state === 'cancelled'
      ? { settled: job.counts.total - job.counts.remaining, of: job.counts.total }
      : progressCount(job);
  if (of <= 0) return 100;
  return Math.min(100, Math.floor((100 * settled) / of));
}

const COUNT_TONES: Record<string, string> = {
  Done: 'text-emerald-800',
  Failed: 'text-rose-800',
  Skipped: 'text-amber-800',
};

function Count({ label, value }: { label: string; value: number }) {
  const tone = value > 0 ? (COUNT_TONES[label] ?? 'text-slate-900') : 'text-slate-900';
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
  const moving = job.state === 'running' || job.state === 'dry_run';
  const headline = progressHeadline(job);
  const counts = progressCounts(job);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="font-medium text-slate-900" aria-live="polite" data-testid="bulk-progress">
          {headline}
          {job.state === 'cancelled' ? '' : ` (${percent}%)`}
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
        aria-valuetext={`${percent}%: ${headline}`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      {!inDryRun(job) ? (
        <dl
          className={`grid grid-cols-2 gap-2 ${counts.length > 4 ? 'sm:grid-cols-5' : 'sm:grid-cols-4'}`}
          aria-label="Counts"
        >
          {counts.map((count) => (
            <Count key={count.label} label={count.label} value={count.value} />
          ))}
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
