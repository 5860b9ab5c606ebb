import { z } from 'zod';

/**
 * The test runner's database settings: TEST_DATABASE_URL names a throwaway PostgreSQL, and
 * REQUIRE_POSTGRES=1 (set by CI) turns a missing URL into a failure instead of a skip.
 */
export function getTestDatabaseSettings(): { postgresUrl: string | undefined; postgresRequired: boolean } {
  return {
    postgresUrl: process.env.TEST_DATABASE_URL?.trim() || undefined,
    postgresRequired: process.env.REQUIRE_POSTGRES === '1',
  };
}

/**
 * The route fuzz test's size (app/api/fuzz.test.ts): FUZZ_RUNS generated requests per engine
 * (default 3000, under half a minute an engine on two cores), FUZZ_SEED to repeat a run.
 */
export function getFuzzSettings(): { runs: number; seed: number } {
  const settings = z
    .object({
      FUZZ_RUNS: z.coerce.number().int().min(1).default(3000),
      FUZZ_SEED: z.coerce
        .number()
        .int()
        .default(() => Date.now() % 2_147_483_647),
    })
    .parse({ FUZZ_RUNS: process.env.FUZZ_RUNS || undefined, FUZZ_SEED: process.env.FUZZ_SEED || undefined });
  return { runs: settings.FUZZ_RUNS, seed: settings.FUZZ_SEED };
}
