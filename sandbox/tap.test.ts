import { afterEach, describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from './seed';
import { acceptedUpdatesByProfile, startAttestrTap, type AttestrTap } from './tap';
import { FACTX, start, TOKEN } from '@/test/support/sandbox';

const taps: AttestrTap[] = [];
afterEach(async () => {
  await Promise.all(taps.splice(0).map((tap) => tap.close()));
});

const body = { tag: 'AA-1234', name: 'Gitanjali Raheja-Kapoor', email: 'g@example.com', mobile: '+918888999978' };

describe('startAttestrTap', () => {
  it('passes calls through and records each with its status, counting accepted updates per profile', async () => {
    const sandbox = await start({ config: { latencyMs: 200 } });
    const tap = await startAttestrTap({ upstream: sandbox.url });
    taps.push(tap);
    const id = SANDBOX_PROFILE_IDS.gitanjali;
    const send = (method: string, path: string, json?: unknown) =>
      fetch(`${tap.url}${FACTX}/${path}`, {
        method,
        headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });

    const update = send('PUT', id, body);
    await expect.poll(() => tap.inFlight('PUT')).toBe(1);
    expect((await update).status).toBe(200);
    const read = await send('GET', id);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ _id: id, name: body.name });
    expect((await send('PUT', 'x'.repeat(18), body)).status).toBe(400);
    expect((await send('PUT', `${id}/archive`)).status).toBe(200);

    expect(tap.inFlight()).toBe(0);
    expect(tap.calls().map(({ method, status, profileId }) => [method, status, profileId])).toEqual([
      ['PUT', 200, id],
      ['GET', 200, id],
      ['PUT', 400, 'x'.repeat(18)],
      ['PUT', 200, id],
    ]);
    const [first] = tap.calls();
    expect(first && first.endedAt - first.startedAt).toBeGreaterThanOrEqual(190);
    // The archive is not an update.
    expect([...acceptedUpdatesByProfile(tap.calls())]).toEqual([[id, 1]]);
  });

  it('records an update Attestr answered after its caller went away', async () => {
    const sandbox = await start({ config: { latencyMs: 300 } });
    const tap = await startAttestrTap({ upstream: sandbox.url });
    taps.push(tap);
    const id = SANDBOX_PROFILE_IDS.gitanjali;
    const gone = fetch(`${tap.url}${FACTX}/${id}`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(50),
    });
    await expect(gone).rejects.toThrow();
    await expect.poll(() => tap.calls().length).toBe(1);
    expect(acceptedUpdatesByProfile(tap.calls()).get(id)).toBe(1);
  });
});
