import { isRole, ROLE_LABELS } from '@/lib/shared/permissions';
import type {
  BulkEstimate,
  BulkJobState,
  BulkJobView,
  BulkPreviewState,
  BulkRowGroup,
  BulkRowState,
} from '@/lib/shared/bulk-types';
import { formatWait } from '@/lib/format';

/** Bulk jobs and their lines in the words the pages use. */

export const JOB_STATE_WORDS: Record<BulkJobState, string> = {
  storing: 'Being stored',
  dry_run: 'Dry run: reading the profiles',
  checked: 'Dry run done: waiting for Start update',
  queued: 'Waiting to start',
  running: 'Sending',
  paused: 'Paused',
  finished: 'Finished',
  cancelled: 'Cancelled',
};

export const JOB_STATE_TONES: Record<BulkJobState, 'neutral' | 'warning' | 'danger' | 'success' | 'info'> = {
  storing: 'neutral',
  dry_run: 'info',
  checked: 'info',
  queued: 'neutral',
  running: 'info',
  paused: 'warning',
  finished: 'success',
  cancelled: 'neutral',
};

export const ROW_STATE_WORDS: Record<BulkRowState, string> = {
  pending: 'Waiting to be sent',
  sending: 'Being sent',
  succeeded: 'Saved',
  unchanged: 'Already so at Attestr',
  failed: 'Failed',
  conflict: 'Changed by someone else meanwhile',
  invalid: 'Not valid in the file',
  skipped: 'Skipped',
  cancelled: 'Cancelled before it was sent',
};

export const ROW_STATE_TONES: Record<BulkRowState, 'neutral' | 'warning' | 'danger' | 'success' | 'info'> = {
  pending: 'neutral',
  sending: 'info',
  succeeded: 'success',
  unchanged: 'success',
  failed: 'danger',
  conflict: 'warning',
  invalid: 'danger',
  skipped: 'warning',
  cancelled: 'neutral',
};

export const PREVIEW_WORDS: Record<BulkPreviewState, string> = {
  changes: 'Would change',
  no_change: 'Already so: nothing would change',
  archived: 'Archived: cannot be changed',
  not_found: 'Not found at Attestr',
  failed: 'Could not be read',
};

export const GROUP_LABELS: Record<BulkRowGroup, string> = {
  all: 'All',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
  remaining: 'Remaining',
  cancelled: 'Cancelled',
};

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

export function ownerLabel(owner: { name: string | null; role: string }): string {
  return `${owner.name ?? 'A former user'}${isRole(owner.role) ? ` (${ROLE_LABELS[owner.role]})` : ''}`;
}

/** On a "Retry failed rows" job: the earlier job's lines it did not take, and why. */
export function leftOutWords(count: number): string {
  return count === 1
    ? '1 line was left out: Attestr refused it for good (an archived or unknown profile, for example), so sending it again cannot help.'
    : `${count.toLocaleString('en')} lines were left out: Attestr refused them for good (an archived or unknown profile, for example), so sending them again cannot help.`;
}

/** A share in percent, as a person reads it: "less than 1%", "12%". */
function percentWords(percent: number): string {
  if (percent > 0 && percent < 1) return 'Less than 1%';
  return `${Math.round(percent).toLocaleString('en')}%`;
}

/** What starting a bulk update will ask of Attestr, in the sentences of its confirmation. */
export function estimateWords(estimate: BulkEstimate): {
  lines: string;
  calls: string;
  time: string;
  allowance: string;
  overToday: string | null;
} {
  const { allowance } = estimate;
  const fastest = formatWait(estimate.seconds.fastest);
  const slowest = formatWait(estimate.seconds.whilePeopleSave);
  return {
    lines: estimate.dryRun
      ? `${plural(estimate.lines, 'profile')} to read; nothing is changed.`
      : `${plural(estimate.lines, 'line')} to send.`,
    calls: `About ${plural(estimate.calls, 'Attestr call')} (${
      estimate.dryRun ? 'a read per line' : 'a read, an update and a read back per line'
    }).`,
    time:
      fastest === slowest
        ? `About ${fastest} at the console’s rate.`
        : `About ${fastest} at the console’s rate, up to ${slowest} while people are saving by hand.`,
    allowance: `${percentWords(estimate.sharePercent)} of today’s allowance for background work: ${allowance.leftToday.toLocaleString('en')} of ${allowance.daily.toLocaleString('en')} calls are left today.`,
    overToday:
      estimate.calls > allowance.leftToday
        ? 'That is more than is left today: the rest waits until 00:00 UTC and then goes on by itself.'
        : null,
  };
}

type ProgressOf = Pick<BulkJobView, 'state' | 'counts' | 'preview'>;

const inDryRun = (job: Pick<BulkJobView, 'state'>) => job.state === 'dry_run' || job.state === 'checked';

/**
 * How far a job has come, counted on the lines it works on: a dry run on the lines it reads
 * (invalid ones are never read), an update on the lines it sends (not the invalid ones, nor
 * those a dry run skipped). `of` is 0 when there are none.
 */
export function progressCount(job: ProgressOf): { settled: number; of: number } {
  const { byState, total, remaining } = job.counts;
  if (inDryRun(job)) return { settled: job.preview?.read ?? 0, of: total - byState.invalid };
  const of = total - byState.invalid - byState.skipped;
  return { settled: of - remaining - byState.cancelled, of };
}

/** The headline of a job's progress: "30 of 30 read", "12 of 30 done", "12 sent, 18 cancelled". */
export function progressHeadline(job: ProgressOf): string {
  const n = (count: number) => count.toLocaleString('en');
  const { byState } = job.counts;
  if (job.state === 'cancelled') {
    const sent = byState.succeeded + byState.unchanged + byState.failed + byState.conflict + byState.sending;
    return `${n(sent)} sent, ${n(byState.cancelled)} cancelled`;
  }
  const { settled, of } = progressCount(job);
  return `${n(settled)} of ${n(of)} ${inDryRun(job) ? 'read' : 'done'}`;
}

/** The counts under a job's progress bar; Skipped only when a dry run skipped lines. */
export function progressCounts(job: ProgressOf): { label: string; value: number }[] {
  const { counts } = job;
  return [
    { label: 'Done', value: counts.done },
    { label: 'Failed', value: counts.failed },
    ...(counts.skipped > 0 ? [{ label: 'Skipped', value: counts.skipped }] : []),
    { label: 'Remaining', value: counts.remaining },
    { label: 'Cancelled', value: counts.cancelled },
  ];
}
