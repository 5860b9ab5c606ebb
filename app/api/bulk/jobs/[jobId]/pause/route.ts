// POST /api/bulk/jobs/[jobId]/pause — pause it; a line being sent finishes
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { pauseBulkJob } from '@/lib/bulk/service';

import { bulkJobIdSchema } from '../../schema';

type Params = { jobId: string };

export const POST = route<Params>(
  'POST /api/bulk/jobs/[jobId]/pause',
  'bulk:view',
  async (_request, { params, user }) => {
    if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
    const job = await pauseBulkJob({ viewer: { userId: user.id, role: user.role }, jobId: params.jobId });
    return NextResponse.json({ job }, { headers: { 'Cache-Control': 'no-store' } });
  },
);
