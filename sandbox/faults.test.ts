import { describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, sandboxSeedProfiles } from './seed';
import { call, expectAttestrError, FACTX, getProfile, start, UUID_PATTERN } from '@/test/support/sandbox';

const profilePath = `${FACTX}/${SANDBOX_PROFILE_IDS.gitanjali}`;
const update = { tag: 'AA-1234', name: 'Changed Name' };

describe('injected faults', () => {
  it('error5001 answers the documented 500 once, then normal service resumes', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'error5001' });
    await expectAttestrError(await call(sandbox, profilePath), 5001);
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });

  it('error answers any documented code with its documented status and message', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'error', code: 4031 });
    sandbox.injectFault({ kind: 'error', code: 4292 });
    await expectAttestrError(await call(sandbox, profilePath), 4031);
    await expectAttestrError(await call(sandbox, profilePath), 4292);
  });

  it('unknownCode answers a 400 with a code the docs do not list', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'unknownCode' });
    const response = await call(sandbox, profilePath, { method: 'PUT', body: update });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 4999, message: 'Request rejected by policy' });
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toEqual(sandboxSeedProfiles[0]);
  });

  it('error and unknownCode answer with other words when given them, verbatim', async () => {
    const sandbox = await start();
    const words = '<b>Profile</b> is archived already & operation not allowed';
    sandbox.injectFault({ kind: 'error', code: 40038, message: words });
    sandbox.injectFault({ kind: 'unknownCode', message: 'Blocked: "policy" 7' });
    const archived = await call(sandbox, profilePath, { method: 'PUT', body: update });
    expect(archived.status).toBe(400);
    expect(await archived.json()).toEqual({ code: 40038, message: words });
    expect(await (await call(sandbox, profilePath)).json()).toEqual({ code: 4999, message: 'Blocked: "policy" 7' });
  });

  it('html502 answers a gateway HTML page', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'html502' });
    const response = await call(sandbox, profilePath);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('xattestrid')).toMatch(UUID_PATTERN);
    expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
  });

  it('empty200 answers 200 with no body and does not apply the update', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'empty200', method: 'GET' });
    const response = await call(sandbox, profilePath);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    sandbox.injectFault({ kind: 'empty200' });
    expect((await call(sandbox, profilePath, { method: 'PUT', body: update })).status).toBe(200);
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toMatchObject({ name: 'Gitanjali Raheja' });
  });

  it('nonJson200 answers 200 text/plain "OK"', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'nonJson200' });
    const response = await call(sandbox, profilePath);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(await response.text()).toBe('OK');
  });

  it('drop closes the connection without an answer', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'drop' });
    await expect(call(sandbox, profilePath, { method: 'PUT', body: update })).rejects.toThrow(TypeError);
    expect((await call(sandbox, profilePath)).status).toBe(200);
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toMatchObject({ name: 'Gitanjali Raheja' });
  });

  it('hang never answers, so only the client timeout ends the call', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'hang' });
    await expect(call(sandbox, profilePath, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });

  it('close() ends hanging calls instead of waiting for them', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'hang', times: 2 });
    const hanging = [call(sandbox, profilePath), call(sandbox, profilePath, { method: 'PUT', body: update })];
    const settled = Promise.allSettled(hanging);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await settled).map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('serves a fault `times` times', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'error5001', times: 2 });
    await expectAttestrError(await call(sandbox, profilePath), 5001);
    await expectAttestrError(await call(sandbox, profilePath), 5001);
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });

  it('only hits requests matching method and pathIncludes', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: '/archive' });
    expect((await call(sandbox, profilePath)).status).toBe(200);
    expect((await call(sandbox, profilePath, { method: 'PUT', body: update })).status).toBe(200);
    await expectAttestrError(
      await call(sandbox, `${FACTX}/${SANDBOX_PROFILE_IDS.arjun}/archive`, { method: 'PUT' }),
      5001,
    );
    expect((await call(sandbox, `${FACTX}/${SANDBOX_PROFILE_IDS.arjun}/archive`, { method: 'PUT' })).status).toBe(200);
  });

  it('comes after the auth, IP and provisioning checks and before the limits', async () => {
    const sandbox = await start({ config: { provisioned: false, rateLimitPerSecond: { account: 0, api: null } } });
    sandbox.injectFault({ kind: 'error5001' });
    await expectAttestrError(await call(sandbox, profilePath, { authorization: null }), 4016);
    await expectAttestrError(await call(sandbox, profilePath), 4035);
    sandbox.configure({ provisioned: true });
    await expectAttestrError(await call(sandbox, profilePath), 5001);
    await expectAttestrError(await call(sandbox, profilePath), 4291);
  });

  it('refuses faults that cannot be served', async () => {
    const sandbox = await start();
    expect(() => sandbox.injectFault({ kind: 'error' })).toThrow();
    expect(() => sandbox.injectFault({ kind: 'error', code: 4999 })).toThrow();
    expect(() => sandbox.injectFault({ kind: 'drop', times: 0 })).toThrow();
    expect((await call(sandbox, profilePath)).status).toBe(200);
  });
});

describe('an update whose answer is lost', () => {
  it('afterApplying applies the update, then answers with the fault', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'drop', method: 'PUT', afterApplying: true });
    await expect(call(sandbox, profilePath, { method: 'PUT', body: update })).rejects.toThrow();
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toMatchObject({ name: 'Changed Name' });
  });

  it('without afterApplying, the faulted update changes nothing', async () => {
    const sandbox = await start();
    sandbox.injectFault({ kind: 'drop', method: 'PUT' });
    await expect(call(sandbox, profilePath, { method: 'PUT', body: update })).rejects.toThrow();
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toEqual(sandboxSeedProfiles[0]);
  });
});

describe('left-out fields', () => {
  it('are cleared by default, and kept when configured so', async () => {
    const sandbox = await start();
    expect((await call(sandbox, profilePath, { method: 'PUT', body: update })).status).toBe(200);
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toMatchObject({ email: null, mobile: null });

    sandbox.reset();
    sandbox.configure({ leftOutFields: 'keep' });
    expect((await call(sandbox, profilePath, { method: 'PUT', body: update })).status).toBe(200);
    expect(await getProfile(sandbox, SANDBOX_PROFILE_IDS.gitanjali)).toMatchObject({
      name: 'Changed Name',
      email: sandboxSeedProfiles[0]?.email,
      mobile: sandboxSeedProfiles[0]?.mobile,
    });
  });
});
