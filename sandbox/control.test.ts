import { describe, expect, it } from 'vitest';

import { defaultSandboxConfig } from './config';
import { SANDBOX_PROFILE_IDS, sandboxSeedProfiles } from './seed';
import { call, expectAttestrError, FACTX, getProfile, start, UUID_PATTERN } from '@/test/support/sandbox';

const { gitanjali } = SANDBOX_PROFILE_IDS;
const profilePath = `${FACTX}/${gitanjali}`;
const changed = { tag: 'AA-1234', name: 'Changed Name' };

describe('control API', () => {
  it.each([
    ['GET', '/__sandbox/config', undefined],
    ['PATCH', '/__sandbox/config', { credits: 0 }],
    ['POST', '/__sandbox/faults', { kind: 'drop' }],
    ['POST', '/__sandbox/reset', undefined],
    ['GET', '/__sandbox/usage', undefined],
  ] as const)('%s %s needs the token', async (method, path, body) => {
    const sandbox = await start();
    await expectAttestrError(await call(sandbox, path, { method, body, authorization: null }), 4016);
    await expectAttestrError(await call(sandbox, path, { method, body, authorization: 'Basic wrong' }), 4016);
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });

  it('GET config shows the defaults: everything allowed, no latency', async () => {
    const sandbox = await start();
    const response = await call(sandbox, '/__sandbox/config');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      latencyMs: 0,
      rateLimitPerSecond: { account: null, api: null },
      dailyLimit: { account: null, api: null },
      credits: null,
      allowedIps: null,
      provisioned: true,
      versions: ['v1'],
      leftOutFields: 'clear',
    });
  });

  it('PATCH config merges a partial config, nested limits included, and takes effect', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: null, api: 7 } } });
    const response = await call(sandbox, '/__sandbox/config', {
      method: 'PATCH',
      body: { credits: 0, rateLimitPerSecond: { account: 50 } },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      credits: 0,
      rateLimitPerSecond: { account: 50, api: 7 },
      provisioned: true,
    });
    await expectAttestrError(await call(sandbox, profilePath, { method: 'PUT', body: changed }), 4005);
  });

  it('GET usage counts the calls let through and those each limit refused, until a reset', async () => {
    const sandbox = await start({ config: { rateLimitPerSecond: { account: 2, api: null } } });
    for (let i = 0; i < 4; i += 1) await call(sandbox, profilePath);
    const usage = await (await call(sandbox, '/__sandbox/usage')).json();
    // Four calls within one second of each other, or just across a second's edge.
    expect(usage.admitted + usage.refused[4291]).toBe(4);
    expect(usage.admitted).toBeGreaterThanOrEqual(2);
    expect(usage.refused).toMatchObject({ 4292: 0, 4293: 0, 4294: 0 });
    await call(sandbox, '/__sandbox/reset', { method: 'POST' });
    expect(await (await call(sandbox, '/__sandbox/usage')).json()).toEqual({
      admitted: 0,
      refused: { 4291: 0, 4292: 0, 4293: 0, 4294: 0 },
    });
  });

  it('GET config shows credits being spent', async () => {
    const sandbox = await start({ config: { credits: 3 } });
    expect((await call(sandbox, profilePath, { method: 'PUT', body: changed })).status).toBe(200);
    expect(await (await call(sandbox, '/__sandbox/config')).json()).toMatchObject({ credits: 2 });
  });

  it.each([
    ['a negative latency', JSON.stringify({ latencyMs: -1 })],
    ['an unknown key', JSON.stringify({ credit: 5 })],
    ['a wrong type', JSON.stringify({ provisioned: 'no' })],
    ['no versions', JSON.stringify({ versions: [] })],
    ['invalid JSON', '{"credits":'],
  ])('PATCH config refuses %s with 400 and changes nothing', async (_label, rawBody) => {
    const sandbox = await start();
    const response = await call(sandbox, '/__sandbox/config', { method: 'PATCH', rawBody });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Invalid request', details: expect.any(String) });
    expect(await (await call(sandbox, '/__sandbox/config')).json()).toEqual(defaultSandboxConfig());
  });

  it('POST faults queues a fault (204) and refuses an invalid one (400)', async () => {
    const sandbox = await start();
    const queued = await call(sandbox, '/__sandbox/faults', {
      method: 'POST',
      body: { kind: 'error', code: 4035, method: 'GET' },
    });
    expect(queued.status).toBe(204);
    expect(await queued.text()).toBe('');
    await expectAttestrError(await call(sandbox, profilePath), 4035);

    const refused = await call(sandbox, '/__sandbox/faults', { method: 'POST', body: { kind: 'explode' } });
    expect(refused.status).toBe(400);
    // Words only for the faults that answer with an error's message.
    const wordless = await call(sandbox, '/__sandbox/faults', { method: 'POST', body: { kind: 'drop', message: 'x' } });
    expect(wordless.status).toBe(400);
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });

  it('POST reset restores seed data and the starting config, and clears counters and faults', async () => {
    const sandbox = await start({ config: { dailyLimit: { account: 3, api: null } } });
    const created = await call(sandbox, FACTX, { method: 'POST', body: changed });
    const { _id: createdId } = (await created.json()) as { _id: string };
    expect((await call(sandbox, profilePath, { method: 'PUT', body: changed })).status).toBe(200);
    expect((await call(sandbox, `${FACTX}/${SANDBOX_PROFILE_IDS.arjun}/archive`, { method: 'PUT' })).status).toBe(200);
    await expectAttestrError(await call(sandbox, profilePath), 4293);
    await call(sandbox, '/__sandbox/config', { method: 'PATCH', body: { provisioned: false } });
    sandbox.injectFault({ kind: 'error5001' });

    const response = await call(sandbox, '/__sandbox/reset', { method: 'POST' });
    expect(response.status).toBe(204);
    expect(await (await call(sandbox, '/__sandbox/config')).json()).toMatchObject({
      provisioned: true,
      dailyLimit: { account: 3 },
    });
    expect(await getProfile(sandbox, gitanjali)).toEqual(sandboxSeedProfiles[0]);
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.arjun)).toEqual(sandboxSeedProfiles[1]);
    await expectAttestrError(await call(sandbox, `${FACTX}/${createdId}`), 40018);
  });

  it('reset() does the same from code', async () => {
    const sandbox = await start();
    sandbox.configure({ latencyMs: 5, credits: 0 });
    expect((await call(sandbox, profilePath, { method: 'PUT', body: changed })).status).toBe(400);
    sandbox.reset();
    expect((await call(sandbox, profilePath, { method: 'PUT', body: changed })).status).toBe(200);
    sandbox.reset();
    expect(await getProfile(sandbox, gitanjali)).toEqual(sandboxSeedProfiles[0]);
    expect(await (await call(sandbox, '/__sandbox/config')).json()).toEqual(defaultSandboxConfig());
  });

  it('is not slowed, faulted or limited like the Attestr routes', async () => {
    const sandbox = await start({
      config: {
        latencyMs: 1500,
        provisioned: false,
        allowedIps: ['10.0.0.1'],
        rateLimitPerSecond: { account: 0, api: 0 },
      },
    });
    sandbox.injectFault({ kind: 'hang' });
    const started = performance.now();
    expect((await call(sandbox, '/__sandbox/config')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers 404 for an unknown control path', async () => {
    const sandbox = await start();
    expect((await call(sandbox, '/__sandbox/nothing')).status).toBe(404);
    expect((await call(sandbox, '/__sandbox/config', { method: 'DELETE' })).status).toBe(404);
  });
});

describe('RunningSandbox', () => {
  it('has a url without a trailing slash and the port it listens on', async () => {
    const sandbox = await start();
    expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    expect(sandbox.port).toBeGreaterThan(0);
  });

  it('refuses an invalid config at start and on configure', async () => {
    await expect(start({ config: { latencyMs: -1 } })).rejects.toThrow();
    await expect(start({ token: '' })).rejects.toThrow();
    const sandbox = await start();
    expect(() => sandbox.configure({ credits: -1 })).toThrow();
    expect(() => sandbox.configure({ credits: 1.5 })).toThrow();
  });

  it('can be closed twice', async () => {
    const sandbox = await start();
    await sandbox.close();
    await sandbox.close();
    await expect(call(sandbox, profilePath)).rejects.toThrow();
  });
});

describe('xattestrid', () => {
  it('comes fresh on every kind of response', async () => {
    const sandbox = await start({ config: { credits: 1 } });
    const responses = [
      await call(sandbox, profilePath),
      await call(sandbox, FACTX, { method: 'POST', body: changed }),
      await call(sandbox, profilePath, { method: 'PUT', body: changed }),
      await call(sandbox, profilePath, { method: 'PUT', body: changed }),
      await call(sandbox, profilePath, { method: 'PUT', rawBody: '{' }),
      await call(sandbox, profilePath, { authorization: null }),
      await call(sandbox, '/nowhere'),
      await call(sandbox, '/__sandbox/config'),
      await call(sandbox, '/__sandbox/faults', { method: 'POST', body: { kind: 'html502' } }),
      await call(sandbox, profilePath),
    ];
    expect(responses.map((response) => response.status)).toEqual([200, 200, 400, 400, 400, 401, 404, 200, 204, 502]);
    const ids = responses.map((response) => response.headers.get('xattestrid'));
    for (const id of ids) expect(id).toMatch(UUID_PATTERN);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
