// PUT /api/bench/session — the floor plus the session and role check: what sign-in costs
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { profileUpdateSchema } from '@/app/api/profiles/[profileId]/schema';

export const PUT = route('PUT /api/bench/session', 'profile:update', async (request) => {
  const fields = await parseWith(profileUpdateSchema, await readJsonBody(request));
  return NextResponse.json({ ok: true, tag: fields.tag }, { headers: { 'Cache-Control': 'no-store' } });
});
