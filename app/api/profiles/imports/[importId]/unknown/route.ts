// GET /api/profiles/imports/[importId]/unknown — the import's profile IDs Attestr does not know, as CSV
import * as z from 'zod/mini';

import { ApiError } from '@/lib/api/errors';
import { route } from '@/lib/api/handler';
import { unknownImportIds } from '@/lib/profiles/imports';

import { profileImportIdSchema } from '../../schema';

type Params = { importId: string };

export const GET = route<Params>(
  'GET /api/profiles/imports/[importId]/unknown',
  'profiles:import',
  async (_request, { params, user }) => {
    if (!z.safeParse(profileImportIdSchema, params.importId).success) throw new ApiError('PROFILE_IMPORT_NOT_FOUND');
    const { fileName, ids } = await unknownImportIds({
      viewer: { userId: user.id, role: user.role },
      importId: params.importId,
    });
    const encoder = new TextEncoder();
    // Profile IDs are letters, digits, - and _ only: no cell needs quoting or a formula guard.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('profileId\r\n'));
      },
      async pull(controller) {
        const next = await ids.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${next.value}\r\n`));
      },
    });
    const safeName = `unknown-${fileName.replace(/\.csv$/i, '')}.csv`.replace(/[^A-Za-z0-9._-]+/g, '_');
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${safeName}"`,
        'Cache-Control': 'no-store',
      },
    });
  },
);
