// POST /api/bulk/jobs/[jobId]/cancel — cancel it; lines not sent yet are cancelled
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { cancelBulkJob } from '@/lib/bulk/service';

import { bulkJobIdSchema } from '../../schema';

type Params = { jobId: string };

export const POST = route<Params>(
  'POST /api/bulk/jobs/[jobId]/cancel',
  'bulk:view',
  async (_request, { params, user }) => {
    if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
    const job = await cancelBulkJob({ viewer: { userId: user.id, role: user.role }, jobId: params.jobId });
    return NextResponse.json({ job }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
