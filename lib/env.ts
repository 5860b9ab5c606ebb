import { z } from 'zod';
import { isSupportedCountry } from 'libphonenumber-js/min';

import { isSandboxDemoEmail, SANDBOX_DEMO_USERS } from '@/lib/shared/demo-accounts';

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

/**
 * True for https, and for plain http only to this machine (localhost, 127.0.0.0/8, [::1]), where
 * the token and personal data cannot be read on the way. The URL parser has already written the
 * host in its usual form (lower case, `127.1` as `127.0.0.1`), so a name that only starts like one
 * of these (`127.0.0.1.nip.io`, `localhost.example`) is not taken for it. An address that is not
 * a URL at all is left for the URL check to name.
 */
function isEncryptedOrLoopback(value: string): boolean {
  if (!URL.canParse(value)) return true;
  const { protocol, hostname } = new URL(value);
  if (protocol !== 'http:') return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The calls of an Attestr limit kept for people: the share of it, rounded up, and at least one. */
export function interactiveReserve(input: { limit: number; share: number }): number {
  return Math.max(1, Math.ceil(input.limit * input.share - 1e-9));
}

const envSchema = z
  .object({
    ATTESTR_BASE_URL: optionalString.pipe(
      z
        .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://api.attestr.com' })
        .refine(isEncryptedOrLoopback, {
          message:
            'must start with https:// (plain http:// is allowed only to this machine: localhost, 127.x.x.x or [::1]), or the Attestr token and personal data travel unencrypted',
        })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    ATTESTR_API_VERSION: z
      .string()
      .trim()
      .regex(/^v\d{1,3}$/, 'must look like v1')
      .default('v1'),
    // Sent as `Basic <token>`: a space or line break would break the header, not the call.
    ATTESTR_AUTH_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[\x21-\x7e]+$/, 'must be the token alone: printable ASCII, without spaces or line breaks')
        .optional(),
    ),
    ATTESTR_TIMEOUT_MS: z.coerce
      .number({ error: 'must be a whole number of milliseconds, like 15000' })
      .int('must be a whole number of milliseconds, like 15000')
      .min(100, 'must be at least 100 (milliseconds)')
      .max(120_000, 'must be at most 120000 (two minutes)')
      .default(15_000),
    // The console's own numbers for Attestr's per-account limits, which no answer states: one
    // budget for every person, instance and background run (lib/attestr/budget.ts).
    ATTESTR_RATE_LIMIT_PER_SEC: z.coerce
      .number({ error: 'must be a whole number of calls per second, like 10' })
      .int('must be a whole number of calls per second, like 10')
      .min(1, 'must be at least 1 (call per second)')
      .max(100_000, 'must be at most 100000 (calls per second)')
      .default(10),
    ATTESTR_DAILY_LIMIT: z.coerce
      .number({ error: 'must be a whole number of calls per day, like 10000' })
      .int('must be a whole number of calls per day, like 10000')
      .min(1, 'must be at least 1 (call per day)')
      .max(1_000_000_000, 'must be at most 1000000000 (calls per day)')
      .default(10_000),
    // The part of each limit kept for people saving by hand; background work uses the rest.
    ATTESTR_INTERACTIVE_SHARE: z.coerce
      .number({ error: 'must be a fraction between 0 and 1, like 0.3' })
      .min(0, 'must be at least 0')
      .max(0.9, 'must be at most 0.9, so background work keeps a share')
      .default(0.3),
    // Where a mobile typed without a country code is read (a suggestion the person confirms, and
    // search): an ISO 3166 region code.
    DEFAULT_PHONE_REGION: z
      .string()
      .trim()
      .toUpperCase()
      .refine((region) => isSupportedCountry(region), 'must be a country code such as IN, GB or US')
      .default('IN'),
    // Bulk updates (lib/bulk/line-jobs.ts): lines each instance sends at once, and how long the
    // values of an ended job's file are kept.
    BULK_CONCURRENCY: z.coerce
      .number({ error: 'must be a whole number of lines sent at once, like 4' })
      .int('must be a whole number of lines sent at once, like 4')
      .min(1, 'must be at least 1')
      .max(32, 'must be at most 32')
      .default(4),
    BULK_RETENTION_DAYS: z.coerce
      .number({ error: 'must be a whole number of days, like 30' })
      .int('must be a whole number of days, like 30')
      .min(1, 'must be at least 1 (day)')
      .max(3650, 'must be at most 3650 (days)')
      .default(30),
    // Bulk uploads: how many files one instance checks at once (a person's second waits for
    // their first anyway), and how many lines not yet finished one person may have across
    // their bulk updates before a new file is refused.
    BULK_UPLOADS_AT_ONCE: z.coerce
      .number({ error: 'must be a whole number of uploads, like 2' })
      .int('must be a whole number of uploads, like 2')
      .min(1, 'must be at least 1')
      .max(16, 'must be at most 16')
      .default(2),
    BULK_MAX_WAITING_LINES_PER_PERSON: z.coerce
      .number({ error: 'must be a whole number of lines, like 300000' })
      .int('must be a whole number of lines, like 300000')
      .min(1, 'must be at least 1 (line)')
      .max(10_000_000, 'must be at most 10000000 (lines)')
      .default(300_000),
    PORT: port.default(3000),
    SANDBOX_PORT: port.default(0),
    // Unset: a SQLite file under ./data. postgres://… : PostgreSQL, for several instances.
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave unset for the SQLite file)')
        .optional(),
    ),
    // Folder of the SQLite file and, in sandbox mode, the generated auth secret.
    DATA_DIR: z.string().default('./data'),
    // Signs session cookies. Required (32+ characters) when ATTESTR_BASE_URL is set.
    BETTER_AUTH_SECRET: optionalString,
    // The console's public address; the origin that state-changing requests must come from.
    BETTER_AUTH_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    // Makes this account an administrator at start-up when none is active (lib/auth/bootstrap.ts).
    // A demo address would be refused at every later start with a real Attestr (its password is
    // public), so it is refused here, in every mode.
    ADMIN_EMAIL: optionalString.pipe(
      z
        .email()
        .refine((email) => !isSandboxDemoEmail(email), {
          message: `must not be a sandbox demo account (${SANDBOX_DEMO_USERS.map((user) => user.email).join(', ')}): their password is public, and the console refuses to start with a real Attestr while one exists. Use a real address.`,
        })
        .optional(),
    ),
    ADMIN_PASSWORD: optionalString.pipe(z.string().min(12, 'must be at least 12 characters').optional()),
    // Comma-separated proxy addresses whose X-Forwarded-For may be believed. Unset: none.
    TRUSTED_PROXIES: optionalString.transform((value) =>
      value
        ? value
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
        : [],
    ),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
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
    // Outside the sandbox a real secret must be given; in sandbox mode one is generated once.
    if (env.ATTESTR_BASE_URL && (env.BETTER_AUTH_SECRET ?? '').length < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['BETTER_AUTH_SECRET'],
        message:
          'must be set to 32 or more random characters when ATTESTR_BASE_URL is set (e.g. openssl rand -base64 32)',
      });
    }
    const reserve = interactiveReserve({ limit: env.ATTESTR_RATE_LIMIT_PER_SEC, share: env.ATTESTR_INTERACTIVE_SHARE });
    if (reserve >= env.ATTESTR_RATE_LIMIT_PER_SEC) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTESTR_RATE_LIMIT_PER_SEC'],
        message: `must be more than the ${reserve} call(s) per second kept for people saving by hand (ATTESTR_INTERACTIVE_SHARE), or background work could never call Attestr`,
      });
    }
    const dailyReserve = interactiveReserve({ limit: env.ATTESTR_DAILY_LIMIT, share: env.ATTESTR_INTERACTIVE_SHARE });
    if (dailyReserve >= env.ATTESTR_DAILY_LIMIT) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTESTR_DAILY_LIMIT'],
        message: `must be more than the ${dailyReserve} call(s) a day kept for people saving by hand (ATTESTR_INTERACTIVE_SHARE)`,
      });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'and ADMIN_EMAIL must be set together' });
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
  // A variable set to nothing (`FOO=`) means the same as one not set: its default.
  const given = Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim()));
  const result = envSchema.safeParse(given);
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

/** The console's own origin: BETTER_AUTH_URL, else http://localhost:PORT. */
export function getConsoleOrigin(): string {
  const env = getEnv();
  return new URL(env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`).origin;
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
