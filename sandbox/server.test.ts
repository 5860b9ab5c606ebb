import { request, Agent } from 'node:http';

import { describe, expect, it } from 'vitest';

import { profileBodySchema } from './profile-body';
import { SANDBOX_PROFILE_IDS, sandboxSeedProfiles } from './seed';
import { call, clock, expectAttestrError, FACTX, getProfile, start, TOKEN, UUID_PATTERN } from '@/test/support/sandbox';

const { gitanjali, arjun, archived } = SANDBOX_PROFILE_IDS;
const sample = {
  tag: 'AA-1234',
  name: 'Gitanjali Raheja',
  email: 'gitanjali.raheja@gmail.com',
  mobile: '+918888999978',
};

describe('seed data', () => {
  it('holds a dozen valid, distinct profiles, the first being the docs sample', () => {
    expect(sandboxSeedProfiles.length).toBeGreaterThanOrEqual(12);
    expect(sandboxSeedProfiles[0]).toMatchObject({ _id: gitanjali, number: '3801-575765-9695', ...sample });
    expect(new Set(sandboxSeedProfiles.map((p) => p._id)).size).toBe(sandboxSeedProfiles.length);
    expect(new Set(sandboxSeedProfiles.map((p) => p.number)).size).toBe(sandboxSeedProfiles.length);
    expect(Object.values(SANDBOX_PROFILE_IDS).sort()).toEqual(sandboxSeedProfiles.map((p) => p._id).sort());
    for (const profile of sandboxSeedProfiles) {
      expect(profile._id).toMatch(/^[A-Za-z0-9_-]{18}$/);
      expect(profile.number).toMatch(/^\d{4}-\d{6}-\d{4}$/);
      const { tag, name, email, mobile } = profile;
      expect(
        profileBodySchema.safeParse({ tag, name, email: email ?? undefined, mobile: mobile ?? undefined }).success,
      ).toBe(true);
      expect(profile.created).toBeGreaterThanOrEqual(Date.parse('2025-01-01T00:00:00Z'));
      expect(profile.updated).toBeGreaterThanOrEqual(profile.created);
      expect(profile.updated).toBeLessThan(Date.parse('2027-01-01T00:00:00Z'));
    }
    expect(sandboxSeedProfiles.filter((p) => p.archived).map((p) => p._id)).toEqual([archived]);
    expect(sandboxSeedProfiles.some((p) => p.email === null && p.mobile === null)).toBe(true);
  });

  it('serves each seeded profile exactly as seeded', async () => {
    const sandbox = await start();
    for (const seeded of sandboxSeedProfiles) {
      expect(await getProfile(sandbox, seeded._id)).toEqual(seeded);
    }
  });

  it('gives every sandbox its own store, and seed: false starts empty', async () => {
    const first = await start();
    const second = await start();
    expect(
      (await call(first, `${FACTX}/${gitanjali}`, { method: 'PUT', body: { tag: 'ZZ-1', name: 'Changed' } })).status,
    ).toBe(200);
    expect(await getProfile(second, gitanjali)).toMatchObject(sample);
    expect(sandboxSeedProfiles[0]).toMatchObject(sample);

    const empty = await start({ seed: false });
    await expectAttestrError(await call(empty, `${FACTX}/${gitanjali}`), 40018);
  });
});

describe('Create Profile', () => {
  it.each([`${FACTX}/`, FACTX])('creates a profile at %s and answers {_id, number}', async (path) => {
    const sandbox = await start();
    const response = await call(sandbox, path, {
      method: 'POST',
      body: { tag: 'NEW-1', name: 'Meera Iyer', mobile: '+919000011111' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const created = (await response.json()) as { _id: string; number: string };
    expect(Object.keys(created).sort()).toEqual(['_id', 'number']);
    expect(created._id).toMatch(/^[A-Za-z0-9_-]{18}$/);
    expect(created.number).toMatch(/^\d{4}-\d{6}-\d{4}$/);

    expect(await getProfile(sandbox, created._id)).toEqual({
      _id: created._id,
      tag: 'NEW-1',
      number: created.number,
      name: 'Meera Iyer',
      email: null,
      mobile: '+919000011111',
      items: [],
      queries: [],
      created: clock.now,
      updated: clock.now,
      createdBy: null,
      updatedBy: null,
      createdByOrg: expect.any(String),
      client: expect.any(String),
      archived: false,
    });
  });

  it('gives each new profile a different id', async () => {
    const sandbox = await start();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const response = await call(sandbox, FACTX, { method: 'POST', body: { tag: `T-${i}`, name: 'Same Name' } });
      ids.add(((await response.json()) as { _id: string })._id);
    }
    expect(ids.size).toBe(20);
  });

  it('validates the body like Update does', async () => {
    const sandbox = await start();
    await expectAttestrError(
      await call(sandbox, FACTX, {
        method: 'POST',
        body: { tag: 'X-1', name: 'Bad Mobile', mobile: '98450 12345' },
      }),
      4001,
      /^mobile must be in E\.164 format/,
    );
  });
});

describe('Get Profile', () => {
  it('answers 40018 for an unknown or malformed id', async () => {
    const sandbox = await start();
    for (const id of ['AX1LgghsxZsJZUwYvX', 'bad.id', 'a'.repeat(65), 'has%20space']) {
      await expectAttestrError(await call(sandbox, `${FACTX}/${id}`), 40018);
    }
  });

  it('still serves an archived profile, flagged as archived', async () => {
    const sandbox = await start();
    expect(await getProfile(sandbox, archived)).toMatchObject({
      _id: archived,
      archived: true,
      name: 'Rahul Mehta',
    });
  });

  it('ignores a query string', async () => {
    const sandbox = await start();
    expect((await call(sandbox, `${FACTX}/${gitanjali}?fields=all`)).status).toBe(200);
  });
});

describe('Update Profile', () => {
  it('replaces the basic info, answers 200 with an empty body and bumps updated', async () => {
    const sandbox = await start();
    clock.now = Date.parse('2026-04-01T08:00:00Z');
    const body = {
      tag: 'AA-9999',
      name: 'Gitanjali R. Kapoor',
      email: 'g.kapoor@example.com',
      mobile: '+447700900123',
      extra: 'ignored',
    };
    const response = await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const profile = await getProfile(sandbox, gitanjali);
    expect(profile).toMatchObject({
      tag: 'AA-9999',
      name: 'Gitanjali R. Kapoor',
      email: 'g.kapoor@example.com',
      mobile: '+447700900123',
    });
    expect(profile).not.toHaveProperty('extra');
    expect(profile.updated).toBe(clock.now);
    expect(profile.created).toBe(sandboxSeedProfiles[0]?.created);
    expect(profile.number).toBe('3801-575765-9695');
  });

  it('clears optional fields the body omits, because an update is a replace', async () => {
    const sandbox = await start();
    const response = await call(sandbox, `${FACTX}/${gitanjali}`, {
      method: 'PUT',
      body: { tag: 'AA-1234', name: 'Gitanjali Raheja' },
    });
    expect(response.status).toBe(200);
    expect(await getProfile(sandbox, gitanjali)).toMatchObject({ email: null, mobile: null });
  });

  it('accepts a charset parameter on the Content-Type', async () => {
    const sandbox = await start();
    const response = await call(sandbox, `${FACTX}/${gitanjali}`, {
      method: 'PUT',
      body: sample,
      contentType: 'application/json; charset=utf-8',
    });
    expect(response.status).toBe(200);
  });

  it('answers 40018 for an unknown profile and 40038 for an archived one', async () => {
    const sandbox = await start();
    await expectAttestrError(
      await call(sandbox, `${FACTX}/NoSuchProfile12345`, { method: 'PUT', body: sample }),
      40018,
    );
    await expectAttestrError(await call(sandbox, `${FACTX}/${archived}`, { method: 'PUT', body: sample }), 40038);
    expect(await getProfile(sandbox, archived)).toMatchObject({ name: 'Rahul Mehta' });
  });
});

describe('validation (4001)', () => {
  const tooLong = (n: number) => 'x'.repeat(n);
  const cases: {
    label: string;
    rawBody?: string;
    body?: unknown;
    contentType?: string | null;
    details: string | RegExp;
  }[] = [
    { label: 'missing tag', body: { name: 'A' }, details: 'tag is required' },
    { label: 'blank name', body: { tag: 'A', name: '   ' }, details: 'name is required' },
    { label: 'numeric tag', body: { tag: 1234, name: 'A' }, details: 'tag must be a string' },
    {
      label: 'tag over 100 chars',
      body: { tag: tooLong(101), name: 'A' },
      details: 'tag must be at most 100 characters',
    },
    {
      label: 'name over 200 chars',
      body: { tag: 'A', name: tooLong(201) },
      details: 'name must be at most 200 characters',
    },
    {
      label: 'bad email',
      body: { tag: 'A', name: 'B', email: 'gitanjali.gmail.com' },
      details: 'email must be a valid email address',
    },
    { label: 'null email', body: { tag: 'A', name: 'B', email: null }, details: 'email must be a string' },
    {
      label: 'mobile without +',
      body: { tag: 'A', name: 'B', mobile: '918888999978' },
      details: /^mobile must be in E\.164 format/,
    },
    {
      label: 'mobile with spaces',
      body: { tag: 'A', name: 'B', mobile: '+91 88889 99978' },
      details: /^mobile must be in E\.164 format/,
    },
    {
      label: 'mobile starting +0',
      body: { tag: 'A', name: 'B', mobile: '+0888999978' },
      details: /^mobile must be in E\.164 format/,
    },
    { label: 'invalid JSON', rawBody: '{"tag": "A",', details: 'body must be valid JSON' },
    { label: 'empty body', rawBody: '', details: 'body must be valid JSON' },
    { label: 'array body', body: [sample], details: 'body must be a JSON object' },
    { label: 'null body', rawBody: 'null', details: 'body must be a JSON object' },
    {
      label: 'text/plain',
      body: sample,
      contentType: 'text/plain',
      details: 'Content-Type must be application/json',
    },
    {
      label: 'no Content-Type',
      body: sample,
      contentType: null,
      details: 'Content-Type must be application/json',
    },
    {
      label: 'body over 64 KiB',
      body: { ...sample, padding: tooLong(64 * 1024) },
      details: 'body must not exceed 65536 bytes',
    },
  ];

  it.each(cases)('rejects $label and leaves the profile alone', async ({ body, rawBody, contentType, details }) => {
    const sandbox = await start();
    const response = await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body, rawBody, contentType });
    await expectAttestrError(response, 4001, details);
    expect(await getProfile(sandbox, gitanjali)).toEqual(sandboxSeedProfiles[0]);
  });

  it('checks the body before looking the profile up', async () => {
    const sandbox = await start();
    await expectAttestrError(
      await call(sandbox, `${FACTX}/NoSuchProfile12345`, { method: 'PUT', body: { name: 'A' } }),
      4001,
      'tag is required',
    );
  });
});

describe('Archive Profile', () => {
  it('archives with an empty 200, purges items, keeps basic info, and refuses a second time', async () => {
    const sandbox = await start();
    expect(((await getProfile(sandbox, arjun)).items as unknown[]).length).toBeGreaterThan(0);
    clock.now = Date.parse('2026-05-01T00:00:00Z');

    const response = await call(sandbox, `${FACTX}/${arjun}/archive`, { method: 'PUT' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await getProfile(sandbox, arjun)).toMatchObject({
      archived: true,
      items: [],
      name: 'Arjun Venkataraman',
      updated: clock.now,
    });

    await expectAttestrError(await call(sandbox, `${FACTX}/${arjun}/archive`, { method: 'PUT' }), 40038);
    await expectAttestrError(await call(sandbox, `${FACTX}/${arjun}`, { method: 'PUT', body: sample }), 40038);
  });

  it('answers 40018 for an unknown profile and 40038 for the seeded archived one', async () => {
    const sandbox = await start();
    await expectAttestrError(await call(sandbox, `${FACTX}/NoSuchProfile12345/archive`, { method: 'PUT' }), 40018);
    await expectAttestrError(await call(sandbox, `${FACTX}/${archived}/archive`, { method: 'PUT' }), 40038);
  });
});

describe('authorization, IP whitelist, provisioning', () => {
  it.each([
    ['a missing header', null],
    ['a wrong token', 'Basic not-the-token'],
    ['another scheme', `Bearer ${TOKEN}`],
    ['a lower-case scheme', `basic ${TOKEN}`],
    ['base64 of the token', `Basic ${Buffer.from(TOKEN).toString('base64')}`],
  ])('answers 4016 for %s', async (_label, authorization) => {
    const sandbox = await start();
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`, { authorization }), 4016);
    await expectAttestrError(
      await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: sample, authorization }),
      4016,
    );
  });

  it('answers 4039 to an address outside the whitelist, normalising IPv4-mapped addresses', async () => {
    const sandbox = await start({ config: { allowedIps: ['10.20.30.40'] } });
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`), 4039);
    sandbox.configure({ allowedIps: ['10.20.30.40', '127.0.0.1'] });
    expect((await call(sandbox, `${FACTX}/${gitanjali}`)).status).toBe(200);
    sandbox.configure({ allowedIps: ['::ffff:127.0.0.1'] });
    expect((await call(sandbox, `${FACTX}/${gitanjali}`)).status).toBe(200);
  });

  it('answers 4035 when the service is not provisioned', async () => {
    const sandbox = await start({ config: { provisioned: false } });
    await expectAttestrError(await call(sandbox, FACTX, { method: 'POST', body: sample }), 4035);
  });

  it('checks token, then IP, then provisioning', async () => {
    const sandbox = await start({ config: { allowedIps: ['10.20.30.40'], provisioned: false } });
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`, { authorization: 'Basic wrong' }), 4016);
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`), 4039);
    sandbox.configure({ allowedIps: null });
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`), 4035);
  });
});

describe('rate and daily limits', () => {
  const get = (sandbox: Awaited<ReturnType<typeof start>>) => call(sandbox, `${FACTX}/${gitanjali}`);
  const create = (sandbox: Awaited<ReturnType<typeof start>>) => call(sandbox, FACTX, { method: 'POST', body: sample });

  it('answers 4291 over the per-second account limit, across all endpoints, until the next second', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: 2, api: null } } });
    expect((await get(sandbox)).status).toBe(200);
    expect((await create(sandbox)).status).toBe(200);
    await expectAttestrError(await get(sandbox), 4291);
    await expectAttestrError(await create(sandbox), 4291);
    clock.now += 1000;
    expect((await get(sandbox)).status).toBe(200);
  });

  it('answers 4292 over the per-second limit of one endpoint, leaving others open', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: null, api: 1 } } });
    expect((await get(sandbox)).status).toBe(200);
    await expectAttestrError(await get(sandbox), 4292);
    expect((await create(sandbox)).status).toBe(200);
    await expectAttestrError(await create(sandbox), 4292);
  });

  it('reports the account limit before the API limit', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: 1, api: 1 } } });
    expect((await get(sandbox)).status).toBe(200);
    await expectAttestrError(await get(sandbox), 4291);
  });

  it('answers 4293 over the account daily limit until the next UTC day', async () => {
    clock.now = Date.parse('2026-03-10T23:59:58.000Z');
    const sandbox = await start({ config: { dailyLimit: { account: 2, api: null } } });
    expect((await get(sandbox)).status).toBe(200);
    clock.now += 1000;
    expect((await create(sandbox)).status).toBe(200);
    await expectAttestrError(await get(sandbox), 4293);
    clock.now = Date.parse('2026-03-11T00:00:00.000Z');
    expect((await get(sandbox)).status).toBe(200);
  });

  it('answers 4294 over the daily limit of one endpoint', async () => {
    const sandbox = await start({ config: { dailyLimit: { account: null, api: 2 } } });
    expect((await get(sandbox)).status).toBe(200);
    clock.now += 5000;
    expect((await get(sandbox)).status).toBe(200);
    clock.now += 5000;
    await expectAttestrError(await get(sandbox), 4294);
    expect((await create(sandbox)).status).toBe(200);
  });

  it('applies limits before validating the body', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: 0, api: null } } });
    await expectAttestrError(await call(sandbox, FACTX, { method: 'POST', rawBody: 'not json' }), 4291);
  });
});

describe('credits', () => {
  it('spends one per successful create or update and answers 4005 at zero; get and archive are free', async () => {
    const sandbox = await start({ config: { credits: 2 } });
    expect((await call(sandbox, FACTX, { method: 'POST', body: sample })).status).toBe(200);
    expect((await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: sample })).status).toBe(200);
    await expectAttestrError(
      await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: { ...sample, name: 'New' } }),
      4005,
    );
    await expectAttestrError(await call(sandbox, FACTX, { method: 'POST', body: sample }), 4005);
    expect(await getProfile(sandbox, gitanjali)).toMatchObject({ name: 'Gitanjali Raheja' });
    expect((await call(sandbox, `${FACTX}/${arjun}/archive`, { method: 'PUT' })).status).toBe(200);
  });

  it('charges nothing for a refused call, and checks credits last', async () => {
    const sandbox = await start({ config: { credits: 1 } });
    await expectAttestrError(
      await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: { name: 'A' } }),
      4001,
      'tag is required',
    );
    await expectAttestrError(
      await call(sandbox, `${FACTX}/NoSuchProfile12345`, { method: 'PUT', body: sample }),
      40018,
    );
    await expectAttestrError(await call(sandbox, `${FACTX}/${archived}`, { method: 'PUT', body: sample }), 40038);
    expect((await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: sample })).status).toBe(200);

    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: sample }), 4005);
    await expectAttestrError(await call(sandbox, `${FACTX}/${archived}`, { method: 'PUT', body: sample }), 40038);
    await expectAttestrError(
      await call(sandbox, `${FACTX}/NoSuchProfile12345`, { method: 'PUT', body: sample }),
      40018,
    );
  });
});

describe('routing', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/api/v1/public/factx'],
    ['GET', `${FACTX}/${gitanjali}/`],
    ['GET', `${FACTX}/${gitanjali}/archive`],
    ['POST', `${FACTX}/${gitanjali}`],
    ['DELETE', `${FACTX}/${gitanjali}`],
    ['PUT', `${FACTX}/${gitanjali}/items`],
    ['GET', `/api/v2/public/factx/${gitanjali}`],
    ['GET', `/api/v1/public/other/${gitanjali}`],
  ] as const)('answers %s %s with a gateway-style 404', async (method, path) => {
    const sandbox = await start();
    const response = await call(sandbox, path, {
      method,
      body: method === 'GET' || method === 'DELETE' ? undefined : sample,
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('xattestrid')).toMatch(UUID_PATTERN);
    expect(await response.text()).toContain('404 Not Found');
  });

  it('serves the configured versions', async () => {
    const sandbox = await start({ config: { versions: ['v1', 'v2'] } });
    expect((await call(sandbox, `/api/v2/public/factx/${gitanjali}`)).status).toBe(200);
  });
});

describe('responses', () => {
  it('delays every Attestr answer by latencyMs', async () => {
    const sandbox = await start({ config: { latencyMs: 250 } });
    const started = performance.now();
    await expectAttestrError(await call(sandbox, `${FACTX}/${gitanjali}`, { authorization: null }), 4016);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('keeps connections alive across successes, errors and oversized bodies', async () => {
    const sandbox = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string, authorization = `Basic ${TOKEN}`) =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const req = request(
          `${sandbox.url}${path}`,
          { method, agent, headers: { authorization, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const results = [
        await send('GET', `${FACTX}/${gitanjali}`),
        await send('PUT', `${FACTX}/${gitanjali}`, 'x'.repeat(100_000)),
        await send('PUT', `${FACTX}/${gitanjali}`, JSON.stringify(sample), 'Basic wrong'),
        await send('GET', '/nowhere'),
        await send('PUT', `${FACTX}/${gitanjali}`, JSON.stringify(sample)),
      ];
      expect(results).toEqual([
        { status: 200, reused: false },
        { status: 400, reused: true },
        { status: 401, reused: true },
        { status: 404, reused: true },
        { status: 200, reused: true },
      ]);
    } finally {
      agent.destroy();
    }
  });
});
