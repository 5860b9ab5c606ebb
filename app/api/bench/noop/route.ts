// PUT /api/bench/noop — parse and validate a profile body, call nobody: the benchmark's floor
import { NextResponse } from 'next/server';

import { ApiError } from '@/lib/api/errors';
import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { getEnv } from '@/lib/env';
import { profileFieldsSchema } from '@/lib/profiles/schema';

export const PUT = route<Record<string, never>>('PUT /api/bench/noop', async (request) => {
  if (!getEnv().CONSOLE_BENCH_ROUTES) throw new ApiError('NOT_FOUND');
  const fields = parseWith(profileFieldsSchema, await readJsonBody(request));
  return NextResponse.json({ ok: true, tag: fields.tag }, { headers: { 'Cache-Control': 'no-store' } });
});
