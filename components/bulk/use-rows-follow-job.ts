'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

import type { BulkJobView } from '@/lib/shared/bulk-types';

/** The lines are asked for less often than the job: when the job moves on, so do they. */
export function useRowsFollowJob(job: BulkJobView) {
  const client = useQueryClient();
  const moment = `${job.state}:${job.counts.remaining}`;
  const seen = useRef(moment);
  useEffect(() => {
    if (seen.current === moment) return;
    seen.current = moment;
    void client.invalidateQueries({ queryKey: ['bulk-rows', job.id] });
  }, [client, job.id, moment]);
}
