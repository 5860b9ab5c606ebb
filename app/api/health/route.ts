// GET /api/health — liveness for anyone; database and Attestr details for a signed-in admin or ops
import { NextResponse } from 'next/server';

import { publicRoute } from '@/lib/api/handler';
import { getSessionUser } from '@/lib/auth/session';
import { getHealth, mayReadHealthDetails } from '@/lib/health';

const NO_STORE = { 'Cache-Control': 'no-store' };

export const GET = publicRoute('GET /api/health', async (request) => {
  // Anyone (a load balancer) learns only that the console answers: nothing is checked, and
  // Attestr is not asked. /api/health/ready says whether it can do its work.
  const user = request.headers.get('cookie') ? await getSessionUser(request.headers) : null;
  if (!mayReadHealthDetails(user?.role)) return NextResponse.json({ status: 'ok' }, { headers: NO_STORE });
  const report = await getHealth();
  return NextResponse.json(report, { status: report.status === 'ok' ? 200 : 503, headers: NO_STORE });
});
