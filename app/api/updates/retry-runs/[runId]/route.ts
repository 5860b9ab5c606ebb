// GET /api/updates/retry-runs/[runId] — a "Retry all" run's state and counts, for watching it
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { retryRunBody } from '@/lib/api/update-bodies';
import { getRetryRun } from '@/lib/updates/retry-run';

import { retryRunIdSchema } from '../schema';

type Params = { runId: string };

export const GET = route<Params>(
  'GET /api/updates/retry-runs/[runId]',
  'update:retry',
  async (_request, { params }) => {
    if (!z.safeParse(retryRunIdSchema, params.runId).success) throw new ApiError('RETRY_RUN_NOT_FOUND');
    const run = await getRetryRun({ runId: params.runId });
    return NextResponse.json({ run: retryRunBody(run) }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
