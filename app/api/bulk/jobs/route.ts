// GET /api/bulk/jobs — the bulk updates the person may see; POST — a new one from a CSV file
import { NextResponse } from 'next/server';

import { parseWith, readJsonBody, route } from '@/lib/api/handler';
import { createBulkJob, listBulkJobs } from '@/lib/bulk/service';

import { CREATE_BULK_JOB_MAX_BYTES, createBulkJobSchema } from './schema';

const noStore = { 'Cache-Control': 'no-store' };

export const GET = route('GET /api/bulk/jobs', 'bulk:view', async (_request, { user }) => {
  const jobs = await listBulkJobs({ viewer: { userId: user.id, role: user.role } });
  return NextResponse.json({ jobs }, { headers: noStore });
});

export const POST = route('POST /api/bulk/jobs', 'bulk:update', async (request, { user }) => {
  const body = await parseWith(
    createBulkJobSchema,
    await readJsonBody(request, { maxBytes: CREATE_BULK_JOB_MAX_BYTES }),
    { fields: [] },
  );
  const job = await createBulkJob({ actor: { userId: user.id, role: user.role }, ...body });
  return NextResponse.json({ job }, { status: 201, headers: noStore });
});
