// GET /api/bulk/jobs/[jobId]/rows — a page of a bulk update's lines, in order, by group
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { parseWith, route } from '@/lib/api/handler';
import { listBulkRows } from '@/lib/bulk/service';

import { bulkJobIdSchema, bulkRowsQuerySchema } from '../../schema';

type Params = { jobId: string };

export const GET = route<Params>('GET /api/bulk/jobs/[jobId]/rows', 'bulk:view', async (request, { params, user }) => {
  if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
  const query = await parseWith(bulkRowsQuerySchema, Object.fromEntries(request.nextUrl.searchParams), { fields: [] });
  const page = await listBulkRows({ viewer: { userId: user.id, role: user.role }, jobId: params.jobId, ...query });
  return NextResponse.json(page, { headers: { 'Cache-Control': 'no-store' } });
});
