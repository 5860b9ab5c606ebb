import { ApiError } from '@/lib/api/errors';
import { getEnv } from '@/lib/env';

/** The benchmark's routes exist in every build but answer 404 unless CONSOLE_BENCH_ROUTES=1. */
export function benchOnly(): void {
  if (!getEnv().CONSOLE_BENCH_ROUTES) throw new ApiError('NOT_FOUND');
}
