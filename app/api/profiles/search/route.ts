// GET /api/profiles/search?q= — find profiles by name, email, mobile, tag, number or id
import { NextResponse } from 'next/server';

import { parseWith, route } from '@/lib/api/handler';
import type { ProfileSearchResponse } from '@/lib/shared/api-types';
import { findProfiles } from '@/lib/profiles/search';

import { profileSearchSchema } from './schema';

export const GET = route('GET /api/profiles/search', 'profile:view', async (request) => {
  const { q } = await parseWith(
    profileSearchSchema,
    { q: request.nextUrl.searchParams.get('q') ?? undefined },
    {
      fields: ['q'],
    },
  );
  const body: ProfileSearchResponse = await findProfiles({ query: q });
  return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
});
