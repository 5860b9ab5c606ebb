import { describe, expect, it } from 'vitest';

import { ApiError, toErrorResponse } from '@/lib/api/errors';
import { DomainError, type DomainErrorExtras } from '@/lib/errors/domain-error';
import type { ConsoleErrorCode } from '@/lib/errors/codes';

async function answer(response: Response) {
  return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
}

describe('a DomainError is answered as its code', () => {
  it.each<[ConsoleErrorCode, DomainErrorExtras]>([
    ['BULK_JOB_NOT_FOUND', {}],
    ['NOT_FOUND', { details: 'No such user.' }],
    ['BULK_FILE_INVALID', { problems: ['The file is empty: it has no header line.'] }],
    ['BULK_FILE_INVALID', { problems: [] }],
    ['USER_EXISTS', { fieldErrors: { email: 'Someone already uses this email' } }],
    ['BULK_UPLOADS_BUSY', { retryAfterSeconds: 2 }],
    ['PROFILE_BUSY', {}],
    ['BULK_TOO_MANY_WAITING_LINES', { details: 'Your bulk updates have 10 lines still to send.' }],
    ['ATTEMPT_NOT_OPEN', { attemptId: 'a-1' }],
  ])('%s %j: the same status, headers and body as the console’s own answer', async (code, extras) => {
    const domain = await answer(toErrorResponse(new DomainError('refused', code, extras), { route: 'test' }));
    expect(domain).toEqual(await answer(new ApiError(code, extras).toResponse()));
  });
});
