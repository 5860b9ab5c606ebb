// GET /api/health/ready — readiness: whether the database and Attestr answer (Attestr asked at most once per interval)
import { NextResponse } from 'next/server';

import { publicRoute } from '@/lib/api/handler';
import { getHealth } from '@/lib/health';

export const GET = publicRoute('GET /api/health/ready', async () => {
  const { status } = await getHealth();
  return NextResponse.json(
    { status },
    { status: status === 'ok' ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
});
