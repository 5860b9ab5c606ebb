import { describe, expect, it } from 'vitest';

import { InvalidEnvError, parseEnv } from '@/lib/env';

/** A real-Attestr configuration; other settings a real deployment needs ride along unchecked here. */
const real = {
  ATTESTR_BASE_URL: 'https://api.attestr.com',
  ATTESTR_AUTH_TOKEN: 'canary-env-token-Vb7Qm2',
  BETTER_AUTH_SECRET: 'a'.repeat(40),
};

/** The problems an environment is refused with; fails when it is accepted. */
function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEnvError);
    return (error as InvalidEnvError).problems;
  }
  throw new Error('expected the environment to be refused');
}

describe('parseEnv defaults', () => {
  it('runs on the sandbox with v1 and a 15 s timeout when nothing is set', () => {
    const env = parseEnv({});
    expect(env.ATTESTR_BASE_URL).toBeUndefined();
    expect(env.ATTESTR_AUTH_TOKEN).toBeUndefined();
    expect(env.ATTESTR_API_VERSION).toBe('v1');
    expect(env.ATTESTR_TIMEOUT_MS).toBe(15_000);
    expect(env.LOG_LEVEL).toBe('info');
  });

  it.each(['', '   '])('treats ATTESTR_BASE_URL=%j as unset: sandbox mode', (value) => {
    expect(parseEnv({ ATTESTR_BASE_URL: value }).ATTESTR_BASE_URL).toBeUndefined();
  });

  it('accepts a real configuration, trimming the token and stripping trailing slashes', () => {
    const env = parseEnv({
      ...real,
      ATTESTR_BASE_URL: 'https://gateway.example.com/attestr//',
      ATTESTR_AUTH_TOKEN: `  ${real.ATTESTR_AUTH_TOKEN}\n`,
      ATTESTR_API_VERSION: 'v2',
      ATTESTR_TIMEOUT_MS: '2500',
    });
    expect(env.ATTESTR_BASE_URL).toBe('https://gateway.example.com/attestr');
    expect(env.ATTESTR_AUTH_TOKEN).toBe(real.ATTESTR_AUTH_TOKEN);
    expect(env.ATTESTR_API_VERSION).toBe('v2');
    expect(env.ATTESTR_TIMEOUT_MS).toBe(2500);
    expect(parseEnv({ ...real, ATTESTR_BASE_URL: 'http://127.0.0.1:4010/' }).ATTESTR_BASE_URL).toBe(
      'http://127.0.0.1:4010',
    );
  });
});

describe('parseEnv refusals', () => {
  it('names ATTESTR_AUTH_TOKEN when ATTESTR_BASE_URL is set without it', () => {
    for (const token of [undefined, '', '  ']) {
      const problems = problemsOf({ ...real, ATTESTR_AUTH_TOKEN: token });
      expect(problems).toContainEqual(expect.stringMatching(/^ATTESTR_AUTH_TOKEN is required when ATTESTR_BASE_URL/));
    }
  });

  it.each(['not a url', 'api.attestr.com', 'ftp://api.attestr.com', 'javascript:alert(1)'])(
    'refuses ATTESTR_BASE_URL=%j with an example of a good one',
    (url) => {
      expect(problemsOf({ ...real, ATTESTR_BASE_URL: url })).toContain(
        'ATTESTR_BASE_URL must be an http(s) URL such as https://api.attestr.com',
      );
    },
  );

  it.each([
    ['abc', 'ATTESTR_TIMEOUT_MS must be a whole number of milliseconds, like 15000'],
    ['1.5', 'ATTESTR_TIMEOUT_MS must be a whole number of milliseconds, like 15000'],
    ['50', 'ATTESTR_TIMEOUT_MS must be at least 100 (milliseconds)'],
    ['-1', 'ATTESTR_TIMEOUT_MS must be at least 100 (milliseconds)'],
    ['999999', 'ATTESTR_TIMEOUT_MS must be at most 120000 (two minutes)'],
  ])('refuses ATTESTR_TIMEOUT_MS=%j clearly', (value, message) => {
    expect(problemsOf({ ATTESTR_TIMEOUT_MS: value })).toEqual([message]);
  });

  it('sets the shared Attestr budget to 10 calls a second and 10000 a day, 0.3 of each kept for people', () => {
    expect(parseEnv({})).toMatchObject({
      ATTESTR_RATE_LIMIT_PER_SEC: 10,
      ATTESTR_DAILY_LIMIT: 10_000,
      ATTESTR_INTERACTIVE_SHARE: 0.3,
    });
    expect(parseEnv({ ATTESTR_RATE_LIMIT_PER_SEC: '2', ATTESTR_INTERACTIVE_SHARE: '0' })).toMatchObject({
      ATTESTR_RATE_LIMIT_PER_SEC: 2,
      ATTESTR_INTERACTIVE_SHARE: 0,
    });
  });

  it.each([
    [
      { ATTESTR_RATE_LIMIT_PER_SEC: '2.5' },
      'ATTESTR_RATE_LIMIT_PER_SEC must be a whole number of calls per second, like 10',
    ],
    [{ ATTESTR_DAILY_LIMIT: '0' }, 'ATTESTR_DAILY_LIMIT must be at least 1 (call per day)'],
    [
      { ATTESTR_INTERACTIVE_SHARE: '1' },
      'ATTESTR_INTERACTIVE_SHARE must be at most 0.9, so background work keeps a share',
    ],
    [
      { ATTESTR_RATE_LIMIT_PER_SEC: '1' },
      'ATTESTR_RATE_LIMIT_PER_SEC must be more than the 1 call(s) per second kept for people saving by hand (ATTESTR_INTERACTIVE_SHARE), or background work could never call Attestr',
    ],
  ])('refuses a budget setting that leaves no calls to someone (%j)', (source, message) => {
    expect(problemsOf(source)).toContain(message);
  });

  it.each(['', '  '])('treats ATTESTR_API_VERSION=%j as unset: v1', (value) => {
    expect(parseEnv({ ATTESTR_API_VERSION: value }).ATTESTR_API_VERSION).toBe('v1');
  });

  it.each(['1', 'V1', 'v', 'v1/../admin', 'v1234'])('refuses ATTESTR_API_VERSION=%j', (value) => {
    expect(problemsOf({ ATTESTR_API_VERSION: value })).toEqual(['ATTESTR_API_VERSION must look like v1']);
  });

  it.each(['canary-env token', 'canary-env\ntoken', 'canary-env-tökén'])(
    'refuses a token that cannot be sent in a header (%j) without quoting it',
    (token) => {
      let message = '';
      try {
        parseEnv({ ...real, ATTESTR_AUTH_TOKEN: token });
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidEnvError);
        message = (error as Error).message;
        expect((error as InvalidEnvError).problems).toContain(
          'ATTESTR_AUTH_TOKEN must be the token alone: printable ASCII, without spaces or line breaks',
        );
      }
      expect(message).not.toBe('');
      expect(message).not.toContain('canary');
    },
  );

  it('lists every problem at once, one per line, in a readable message', () => {
    let error: unknown;
    try {
      parseEnv({ ATTESTR_BASE_URL: 'nope', ATTESTR_TIMEOUT_MS: 'soon', ATTESTR_API_VERSION: '1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidEnvError);
    const { message, problems, name } = error as InvalidEnvError;
    expect(name).toBe('InvalidEnvError');
    expect(message.startsWith('Invalid configuration:\n')).toBe(true);
    for (const variable of ['ATTESTR_BASE_URL', 'ATTESTR_TIMEOUT_MS', 'ATTESTR_API_VERSION']) {
      expect(problems.some((problem) => problem.startsWith(`${variable} `))).toBe(true);
      expect(message).toContain(`  - ${variable} `);
    }
  });
});

describe('parseEnv: settings that would lock a deployment out or weaken it', () => {
  it.each(['admin@example.com', 'HR@Example.com', 'ops@example.com'])(
    'refuses a sandbox demo address as ADMIN_EMAIL (%j), in sandbox mode and live',
    (email) => {
      const message =
        'ADMIN_EMAIL must not be a sandbox demo account (admin@example.com, hr@example.com, support@example.com, ops@example.com): their password is public, and the console refuses to start with a real Attestr while one exists. Use a real address.';
      const admin = { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password-1' };
      expect(problemsOf(admin)).toEqual([message]);
      expect(problemsOf({ ...real, ...admin })).toEqual([message]);
    },
  );

  it('accepts a real address as ADMIN_EMAIL', () => {
    const env = parseEnv({ ...real, ADMIN_EMAIL: 'ada@corp.example', ADMIN_PASSWORD: 'first-admin-password-1' });
    expect(env.ADMIN_EMAIL).toBe('ada@corp.example');
  });

  it.each([
    'http://api.attestr.com',
    'http://10.0.0.5:4010',
    'http://0.0.0.0:4010',
    'http://[::]:4010',
    'http://127.0.0.1.nip.io',
    'http://localhost.attacker.example',
    'http://sandbox.localhost:4010',
  ])('refuses plain http to another machine as ATTESTR_BASE_URL (%j), naming the setting', (url) => {
    expect(problemsOf({ ...real, ATTESTR_BASE_URL: url })).toEqual([
      'ATTESTR_BASE_URL must start with https:// (plain http:// is allowed only to this machine: localhost, 127.x.x.x or [::1]), or the Attestr token and personal data travel unencrypted',
    ]);
  });

  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10/', 'http://127.8.9.10'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://LOCALHOST:4010', 'http://LOCALHOST:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['https://10.0.0.5:8443', 'https://10.0.0.5:8443'],
  ])('accepts %j as ATTESTR_BASE_URL: https, or http to this machine', (url, kept) => {
    expect(parseEnv({ ...real, ATTESTR_BASE_URL: url }).ATTESTR_BASE_URL).toBe(kept);
  });
});
