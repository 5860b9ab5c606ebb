import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { InvalidEnvError, parseEnv } from '@/lib/env';

let dataDir: string;

/** getAuthSecret as a freshly started process sees it, with these settings. */
async function loadSecret(env: Record<string, string | undefined> = {}) {
  vi.resetModules();
  for (const [name, value] of Object.entries({
    ATTESTR_BASE_URL: undefined,
    ATTESTR_AUTH_TOKEN: undefined,
    BETTER_AUTH_SECRET: undefined,
    DATA_DIR: dataDir,
    ...env,
  })) {
    vi.stubEnv(name, value);
  }
  return (await import('@/lib/auth/secret')).getAuthSecret;
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'console-secret-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('getAuthSecret in sandbox mode', () => {
  it('generates a secret once, in a 0600 file under DATA_DIR, and reuses it', async () => {
    const file = path.join(dataDir, 'auth-secret');
    const getAuthSecret = await loadSecret();

    const secret = getAuthSecret();

    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(getAuthSecret()).toBe(secret);
    // A restart reads the same file.
    expect((await loadSecret())()).toBe(secret);
  });

  it('creates DATA_DIR when it does not exist yet', async () => {
    const nested = path.join(dataDir, 'not', 'yet');
    const secret = (await loadSecret({ DATA_DIR: nested }))();
    expect(readFileSync(path.join(nested, 'auth-secret'), 'utf8').trim()).toBe(secret);
  });

  it('gives each new DATA_DIR its own secret', async () => {
    const first = (await loadSecret())();
    const otherDir = mkdtempSync(path.join(tmpdir(), 'console-secret-'));
    try {
      expect((await loadSecret({ DATA_DIR: otherDir }))()).not.toBe(first);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('uses BETTER_AUTH_SECRET when it is set, and writes no file', async () => {
    const configured = 'c'.repeat(40);
    expect((await loadSecret({ BETTER_AUTH_SECRET: configured }))()).toBe(configured);
    expect(existsSync(path.join(dataDir, 'auth-secret'))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['short', 'too-short\n'],
  ])('refuses an %s secret file rather than signing with it', async (_, content) => {
    writeFileSync(path.join(dataDir, 'auth-secret'), content, { mode: 0o600 });
    const getAuthSecret = await loadSecret();
    expect(() => getAuthSecret()).toThrow(/auth-secret holds no usable secret/);
  });
});

describe('the secret with a real Attestr', () => {
  const real = { ATTESTR_BASE_URL: 'https://api.attestr.com', ATTESTR_AUTH_TOKEN: 'secret-test-token' };

  it.each([undefined, '', 'short-secret', 'x'.repeat(31)])('refuses BETTER_AUTH_SECRET=%j, naming it', (secret) => {
    let problems: string[] = [];
    try {
      parseEnv({ ...real, BETTER_AUTH_SECRET: secret });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidEnvError);
      problems = (error as InvalidEnvError).problems;
    }
    expect(problems).toContainEqual(expect.stringMatching(/^BETTER_AUTH_SECRET must be set to 32 or more/));
  });

  it('accepts 32 characters', () => {
    expect(parseEnv({ ...real, BETTER_AUTH_SECRET: 'x'.repeat(32) }).BETTER_AUTH_SECRET).toBe('x'.repeat(32));
  });

  it('never generates one: getAuthSecret fails on the configuration and writes no file', async () => {
    const getAuthSecret = await loadSecret({ ...real, BETTER_AUTH_SECRET: 'short-secret' });
    expect(() => getAuthSecret()).toThrow(/BETTER_AUTH_SECRET/);
    expect(existsSync(path.join(dataDir, 'auth-secret'))).toBe(false);
  });
});
