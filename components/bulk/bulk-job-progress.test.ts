import { describe, expect, it } from 'vitest';

import { progressPercent } from '@/components/bulk/bulk-job-progress';
import { estimateWords, leftOutWords, progressCounts, progressHeadline } from '@/components/bulk/words';
import type { BulkEstimate, BulkJobView, BulkRowState } from '@/lib/shared/bulk-types';
import { bulkJobPollInterval } from '@/lib/queries/bulk';

const NO_LINES: Record<BulkRowState, number> = {
  pending: 0,
  sending: 0,
  succeeded: 0,
  unchanged: 0,
  failed: 0,
  conflict: 0,
  invalid: 0,
  skipped: 0,
  cancelled: 0,
};

/** A job as the server answers it, its counts made from its lines by state. */
const job = (state: BulkJobView['state'], lines: Partial<Record<BulkRowState, number>>, read?: number): BulkJobView => {
  const byState = { ...NO_LINES, ...lines };
  return {
    state,
    counts: {
      total: Object.values(byState).reduce((sum, count) => sum + count, 0),
      done: byState.succeeded + byState.unchanged,
      failed: byState.failed + byState.conflict + byState.invalid,
      skipped: byState.skipped,
      remaining: byState.pending + byState.sending,
      cancelled: byState.cancelled,
      byState,
    },
    preview: read === undefined ? null : { read, byState: {} },
  } as BulkJobView;
};

describe('a bulk job’s progress', () => {
  it('counts every settled line, failed ones too, and reaches 100 at the end', () => {
    expect(progressPercent(job('running', { pending: 8 }))).toBe(0);
    expect(progressPercent(job('running', { pending: 6, succeeded: 1, failed: 1 }))).toBe(25);
    expect(progressPercent(job('running', { pending: 1, succeeded: 7 }))).toBe(87);
    expect(progressPercent(job('cancelled', { succeeded: 2, cancelled: 6 }))).toBe(100);
    // A line still being sent when the job was cancelled is waited for.
    expect(progressPercent(job('cancelled', { succeeded: 2, sending: 2, cancelled: 4 }))).toBe(75);
  });

  it('reads a dry run as the profiles read of those it reads: invalid lines are never read', () => {
    const done = job('checked', { pending: 28, invalid: 2 }, 28);
    expect(progressHeadline(done)).toBe('28 of 28 read');
    expect(progressPercent(done)).toBe(100);
    expect(progressHeadline(job('dry_run', { pending: 30 }, 12))).toBe('12 of 30 read');
  });

  it('reads a cancelled job as the lines sent and the lines cancelled', () => {
    expect(progressHeadline(job('cancelled', { succeeded: 9, unchanged: 1, failed: 2, cancelled: 18 }))).toBe(
      '12 sent, 18 cancelled',
    );
  });

  it('does not count skipped lines as failed, nor as lines to send', () => {
    const after = job('finished', { succeeded: 5, unchanged: 2, skipped: 3, failed: 1 });
    expect(progressCounts(after)).toEqual([
      { label: 'Done', value: 7 },
      { label: 'Failed', value: 1 },
      { label: 'Skipped', value: 3 },
      { label: 'Remaining', value: 0 },
      { label: 'Cancelled', value: 0 },
    ]);
    expect(progressHeadline(after)).toBe('8 of 8 done');
    expect(progressCounts(job('running', { pending: 3 })).map((count) => count.label)).toEqual([
      'Done',
      'Failed',
      'Remaining',
      'Cancelled',
    ]);
  });

  it('says how many lines a retry left out, and why', () => {
    expect(leftOutWords(3)).toBe(
      '3 lines were left out: Attestr refused them for good (an archived or unknown profile, for example), so sending them again cannot help.',
    );
    expect(leftOutWords(1)).toBe(
      '1 line was left out: Attestr refused it for good (an archived or unknown profile, for example), so sending it again cannot help.',
    );
  });

  it('is asked for every second while it moves, now and then while it waits, and no more once it ended', () => {
    expect(bulkJobPollInterval(job('running', { pending: 8 }))).toBe(1_000);
    expect(bulkJobPollInterval(job('dry_run', { pending: 8 }))).toBe(1_000);
    expect(bulkJobPollInterval(job('queued', { pending: 8 }))).toBe(1_000);
    expect(bulkJobPollInterval(job('paused', { pending: 8 }))).toBe(5_000);
    expect(bulkJobPollInterval(job('finished', { succeeded: 8 }))).toBe(false);
    expect(bulkJobPollInterval(job('cancelled', { cancelled: 8 }))).toBe(false);
  });

  it('waits for a line still being sent when the job was cancelled', () => {
    expect(bulkJobPollInterval(job('cancelled', { sending: 1, cancelled: 7 }))).toBe(1_000);
  });
});

describe('what starting a bulk update will use, in words', () => {
  const estimate = (over: Partial<BulkEstimate> = {}): BulkEstimate => ({
    lines: 30,
    dryRun: false,
    callsPerLine: 3,
    calls: 90,
    seconds: { fastest: 9, whilePeopleSave: 13 },
    allowance: { daily: 7_000, usedToday: 30, leftToday: 6_970 },
    sharePercent: (100 * 90) / 7_000,
    ...over,
  });

  it('names the lines, the calls, the time at the rate and the share of today’s allowance', () => {
    expect(estimateWords(estimate())).toEqual({
      lines: '30 lines to send.',
      calls: 'About 90 Attestr calls (a read, an update and a read back per line).',
      time: 'About 9 seconds at the console’s rate, up to 13 seconds while people are saving by hand.',
      allowance: '1% of today’s allowance for background work: 6,970 of 7,000 calls are left today.',
      overToday: null,
    });
  });

  it('says a dry run only reads, and when the calls pass what is left today', () => {
    const words = estimateWords(
      estimate({
        dryRun: true,
        callsPerLine: 1,
        calls: 30,
        seconds: { fastest: 3, whilePeopleSave: 3 },
        allowance: { daily: 7_000, usedToday: 6_990, leftToday: 10 },
        sharePercent: 0.4,
      }),
    );
    expect(words.lines).toBe('30 profiles to read; nothing is changed.');
    expect(words.calls).toBe('About 30 Attestr calls (a read per line).');
    expect(words.time).toBe('About 3 seconds at the console’s rate.');
    expect(words.allowance).toMatch(/^Less than 1% of today’s allowance/);
    expect(words.overToday).toMatch(/more than is left today/);
  });
});
