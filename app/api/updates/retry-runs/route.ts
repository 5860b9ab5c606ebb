// GET /api/updates/retry-runs — the "Retry all" run going now, or the latest; POST — start one over the page's filters
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { retryRunBody } from '@/lib/api/update-bodies';
import { getCurrentRetryRun, startRetryAll } from '@/lib/updates/retry-run';

import { startRetryRunSchema } from './schema';

const noStore = { 'Cache-Control': 'no-store' };

export const GET = route('GET /api/updates/retry-runs', 'update:retry', async () => {
  const run = await getCurrentRetryRun();
  return NextResponse.json({ run: run ? retryRunBody(run) : null }, { headers: noStore });
});

export const POST = route('POST /api/updates/retry-runs', 'update:retry', async (request, { user }) => {
  const { filter } = await parseWith(startRetryRunSchema, await readJsonBody(request), { fields: [] });
  const run = await startRetryAll({ actor: { userId: user.id, role: user.role }, filter });
  return NextResponse.json({ run: retryRunBody(run) }, { status: 201, headers: noStore });
});
