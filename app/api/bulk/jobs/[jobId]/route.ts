// GET /api/bulk/jobs/[jobId] — one bulk update: its state, counts, pace and what the person may do
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { getBulkJob } from '@/lib/bulk/service';

import { bulkJobIdSchema } from '../schema';

type Params = { jobId: string };

export const GET = route<Params>('GET /api/bulk/jobs/[jobId]', 'bulk:view', async (_request, { params, user }) => {
  if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
  const job = await getBulkJob({ viewer: { userId: user.id, role: user.role }, jobId: params.jobId });
  return NextResponse.json({ job }, { headers: { 'Cache-Control': 'no-store' } });
});
