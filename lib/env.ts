import { z } from 'zod';

/**
 * The only place that reads process.env. Parsed lazily and once, so `next build` (which
 * evaluates route modules) needs no configuration, while start-up validates it eagerly
 * through `assertValidEnv()` in instrumentation.ts.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const port = z.coerce.number().int().min(0).max(65_535);

const envSchema = z
  .object({
    ATTESTR_BASE_URL: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://api.attestr.com' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    ATTESTR_API_VERSION: z
      .string()
      .trim()
      .regex(/^v\d{1,3}$/, 'must look like v1')
      .default('v1'),
    ATTESTR_AUTH_TOKEN: optionalString,
    ATTESTR_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    PORT: port.default(3000),
    SANDBOX_PORT: port.default(0),
    // Exposes PUT /api/bench/noop, the benchmark's framework floor. Off unless set to 1.
    CONSOLE_BENCH_ROUTES: z
      .enum(['0', '1'])
      .default('0')
      .transform((value) => value === '1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.ATTESTR_BASE_URL && !env.ATTESTR_AUTH_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTESTR_AUTH_TOKEN'],
        message: 'is required when ATTESTR_BASE_URL is set (the app token from the Attestr dashboard)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidEnvError';
  }
}

/** Parses an environment; exported for tests, which pass their own. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new InvalidEnvError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** True when no real Attestr is configured and the console runs on its bundled sandbox. */
export function isSandboxMode(): boolean {
  return getEnv().ATTESTR_BASE_URL === undefined;
}

/** Settings of `npm run sandbox`, which runs the sandbox on its own. */
export function getSandboxCliSettings(): { port: number; host: string; token: string } {
  const source = z
    .object({
      SANDBOX_PORT: port.default(4010),
      SANDBOX_HOST: z.string().default('127.0.0.1'),
      SANDBOX_AUTH_TOKEN: optionalString,
      ATTESTR_AUTH_TOKEN: optionalString,
    })
    .parse(process.env);
  return {
    port: source.SANDBOX_PORT,
    host: source.SANDBOX_HOST,
    token: source.SANDBOX_AUTH_TOKEN ?? source.ATTESTR_AUTH_TOKEN ?? 'sandbox-demo-token',
  };
}
