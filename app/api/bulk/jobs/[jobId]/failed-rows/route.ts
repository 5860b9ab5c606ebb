// GET /api/bulk/jobs/[jobId]/failed-rows — the lines that did not get through, as CSV to fix and upload again
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { failedRowsCsv } from '@/lib/bulk/service';

import { bulkJobIdSchema } from '../../schema';

type Params = { jobId: string };

export const GET = route<Params>(
  'GET /api/bulk/jobs/[jobId]/failed-rows',
  'bulk:view',
  async (_request, { params, user }) => {
    if (!z.safeParse(bulkJobIdSchema, params.jobId).success) throw new ApiError('BULK_JOB_NOT_FOUND');
    const { fileName, csv } = await failedRowsCsv({
      viewer: { userId: user.id, role: user.role },
      jobId: params.jobId,
    });
    const safeName = fileName.replace(/[^A-Za-z0-9._-]+/g, '_');
    return new Response(csv, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
);
