import { ApiError } from '@/lib/api/errors';
import { getEnv } from '@/lib/env';

/**
 * The benchmark's routes exist in every build but answer 404 unless CONSOLE_BENCH_ROUTES=1:
 * to everyone, before any session or role check, as if they were not there.
 */
export function benchOnly<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    if (!getEnv().CONSOLE_BENCH_ROUTES) return new ApiError('NOT_FOUND').toResponse();
    return handler(...args);
  };
}
