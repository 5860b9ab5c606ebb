import { z } from 'zod';

/** Better Auth user ids: 32 url-safe characters; checked before any use. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid user id');
