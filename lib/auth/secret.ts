import 'server-only';

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { getEnv, isSandboxMode } from '@/lib/env';

/**
 * The secret that signs session cookies. Configured outside the sandbox (env validation
 * requires it); in sandbox mode, when unset, generated once and kept under DATA_DIR so that
 * sessions survive a restart and a newcomer needs no set-up.
 */
export function getAuthSecret(): string {
  const env = getEnv();
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (!isSandboxMode()) throw new Error('BETTER_AUTH_SECRET is required outside sandbox mode');
  const file = path.resolve(env.DATA_DIR, 'auth-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not generated yet.
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // Another process wrote it first: use theirs, but never a short or empty one (Better Auth
    // would sign with its public default secret in place of an empty one).
    const theirs = readFileSync(file, 'utf8').trim();
    if (theirs.length >= 32) return theirs;
    throw new Error(`${file} holds no usable secret (fewer than 32 characters): delete it to generate a new one`);
  }
}
