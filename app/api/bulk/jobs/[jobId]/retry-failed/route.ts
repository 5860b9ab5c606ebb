// POST /api/bulk/jobs/[jobId]/retry-failed — a new bulk update of its failed lines
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { retryFailedRows } from '@/lib/bulk/service';

import { bulkJobIdSchema } from '../../schema';

type Params = { jobId: string };

export const POST = route<Params>(
  'POST /api/bulk/jobs/[jobId]/retry-failed',
  'bulk:view',
  async (_request, { params, user }) => {
    if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
    const job = await retryFailedRows({ viewer: { userId: user.id, role: user.role }, jobId: params.jobId });
    return NextResponse.json({ job }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
  },
);
