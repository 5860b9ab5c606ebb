// GET /api/bulk/estimate — the Attestr calls, time and share of today's allowance a bulk update would use
import { NextResponse } from 'next/server';
import * as z from 'zod/mini';

import { parseWith, route } from '@/lib/api/handler';
import { estimateBulkRun } from '@/lib/bulk/estimate';
import { BULK_MAX_ROWS } from '@/lib/bulk/rows';

const estimateQuerySchema = z.strictObject({
  lines: z.coerce.number().check(z.int(), z.minimum(1), z.maximum(BULK_MAX_ROWS)),
  dryRun: z.enum(['true', 'false']),
});

export const GET = route('GET /api/bulk/estimate', 'bulk:update', async (request, { user }) => {
  const query = await parseWith(estimateQuerySchema, Object.fromEntries(request.nextUrl.searchParams), { fields: [] });
  const estimate = await estimateBulkRun({
    actor: { userId: user.id, role: user.role },
    lines: query.lines,
    dryRun: query.dryRun === 'true',
  });
  return NextResponse.json({ estimate }, { headers: { 'Cache-Control': 'no-store' } });
});
