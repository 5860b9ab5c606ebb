// POST /api/updates/retry-runs/[runId]/stop — stop a "Retry all" run after the retry in hand
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { retryRunBody } from '@/lib/api/update-bodies';
import { stopRetryRun } from '@/lib/updates/retry-run';

import { retryRunIdSchema } from '../../schema';

type Params = { runId: string };

export const POST = route<Params>(
  'POST /api/updates/retry-runs/[runId]/stop',
  'update:retry',
  async (_request, { params, user }) => {
    if (!z.safeParse(retryRunIdSchema, params.runId).success) throw new ApiError('RETRY_RUN_NOT_FOUND');
    const run = await stopRetryRun({ actor: { userId: user.id, role: user.role }, runId: params.runId });
    return NextResponse.json({ run: retryRunBody(run) }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
