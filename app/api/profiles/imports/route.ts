// POST /api/profiles/imports — a new directory import: profile IDs to read from Attestr into the index
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { createProfileImport } from '@/lib/profiles/imports';

import { CREATE_PROFILE_IMPORT_MAX_BYTES, createProfileImportSchema } from './schema';

export const POST = route('POST /api/profiles/imports', 'profiles:import', async (request, { user }) => {
  const body = await parseWith(
    createProfileImportSchema,
    await readJsonBody(request, { maxBytes: CREATE_PROFILE_IMPORT_MAX_BYTES }),
    { fields: [] },
  );
  const created = await createProfileImport({ actor: { userId: user.id, role: user.role }, ...body });
  return NextResponse.json({ import: created }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
