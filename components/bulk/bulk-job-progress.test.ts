import { describe, expect, it } from 'vitest';

import { progressPercent } from '@/components/bulk/bulk-job-progress';
import type { BulkJobView } from '@/lib/shared/bulk-types';
import { bulkJobPollInterval } from '@/lib/queries/bulk';

const job = (over: Partial<BulkJobView> & { remaining?: number; read?: number }): BulkJobView =>
  ({
    state: 'running',
    counts: { total: 8, done: 0, failed: 0, remaining: over.remaining ?? 8, cancelled: 0 },
    preview: over.read === undefined ? null : { read: over.read, byState: {} },
    ...over,
  }) as BulkJobView;

describe('a bulk job’s progress', () => {
  it('counts every settled line, failed and cancelled ones too, and reaches 100 at the end', () => {
    expect(progressPercent(job({ remaining: 8 }))).toBe(0);
    expect(progressPercent(job({ remaining: 6 }))).toBe(25);
    expect(progressPercent(job({ remaining: 1 }))).toBe(87);
    expect(progressPercent(job({ state: 'cancelled', remaining: 0 }))).toBe(100);
  });

  it('counts the profiles read during a dry run', () => {
    expect(progressPercent(job({ state: 'dry_run', remaining: 8, read: 4 }))).toBe(50);
  });

  it('is asked for every second while it moves, now and then while it waits, and no more once it ended', () => {
    expect(bulkJobPollInterval(job({ state: 'running' }))).toBe(1_000);
    expect(bulkJobPollInterval(job({ state: 'dry_run' }))).toBe(1_000);
    expect(bulkJobPollInterval(job({ state: 'queued' }))).toBe(1_000);
    expect(bulkJobPollInterval(job({ state: 'paused' }))).toBe(5_000);
    expect(bulkJobPollInterval(job({ state: 'finished', remaining: 0 }))).toBe(false);
    expect(bulkJobPollInterval(job({ state: 'cancelled', remaining: 0 }))).toBe(false);
  });

  it('waits for a line still being sent when the job was cancelled', () => {
    expect(bulkJobPollInterval(job({ state: 'cancelled', remaining: 1 }))).toBe(1_000);
  });
});
