// PUT /api/bench/noop — parse and validate a profile body, call nobody: the benchmark's floor
import { NextResponse } from 'next/server';

import { parseWith, publicRoute, readJsonBody } from '@/lib/api/handler';
import { profileUpdateSchema } from '@/app/api/profiles/[profileId]/schema';

export const PUT = publicRoute('PUT /api/bench/noop', async (request) => {
  const fields = await parseWith(profileUpdateSchema, await readJsonBody(request));
  return NextResponse.json({ ok: true, tag: fields.tag }, { headers: { 'Cache-Control': 'no-store' } });
});
