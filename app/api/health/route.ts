// GET /api/health — database and Attestr reachability, for load balancers and operators
import { NextResponse } from 'next/server';

import { publicRoute } from '@/lib/api/handler';
import { getHealth } from '@/lib/health';

export const GET = publicRoute('GET /api/health', async () => {
  const report = await getHealth();
  return NextResponse.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
});
