// POST /api/profiles/search { q } — find profiles by name, email, mobile, tag, number or id. A POST,
// so that what people type (emails, mobiles) is never in an address, a proxy's log or history.
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import type { ProfileSearchResponse } from '@/lib/shared/api-types';
import { findProfiles } from '@/lib/profiles/search';

import { profileSearchSchema } from './schema';

export const POST = route('POST /api/profiles/search', 'profile:view', async (request) => {
  const { q } = await parseWith(profileSearchSchema, await readJsonBody(request), { fields: ['q'] });
  const body: ProfileSearchResponse = await findProfiles({ query: q });
  return NextResponse.json(body, { headers: { 'Cache-Control': 'no-store' } });
});
