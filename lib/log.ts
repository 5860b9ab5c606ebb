import 'server-only';

import pino from 'pino';

import { getEnv } from '@/lib/env';

/**
 * Structured JSON logs. Personal data and secrets are redacted by key wherever they appear,
 * as a safety net: the code also never passes request or response bodies to the logger.
 */
export const REDACTED_KEYS = ['email', 'mobile', 'authorization', 'token', 'password', 'cookie', 'body', 'fields'];

const paths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

let instance: pino.Logger | undefined;

/** The console's logger, created on first use so that a build reads no configuration. */
export function getLogger(): pino.Logger {
  instance ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: 'attestr-console' },
    redact: { paths, censor: '[redacted]' },
  });
  return instance;
}
