import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, sandboxSeedProfiles } from './seed';
import { SandboxPortInUseError, startSandbox } from './server';
import { call, FACTX, getProfile, start } from '@/test/support/sandbox';

const { gitanjali } = SANDBOX_PROFILE_IDS;
const changed = { tag: 'AA-1234', name: 'Gitanjali R.', email: 'g@example.com', mobile: '+919876543210' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sandbox-data-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the sandbox’s profiles in a data file', () => {
  it('keeps what was saved across a restart, and a reset puts the seed back in the file too', async () => {
    const dataFile = path.join(dir, 'sandbox-profiles.json');
    const first = await start({ dataFile });
    expect((await call(first, `${FACTX}/${gitanjali}`, { method: 'PUT', body: changed })).status).toBe(200);
    await first.close();

    const second = await start({ dataFile });
    expect(await getProfile(second, gitanjali)).toMatchObject(changed);
    expect((statSync(dataFile).mode & 0o777).toString(8)).toBe('600');

    second.reset();
    expect(await getProfile(second, gitanjali)).toMatchObject({ name: 'Gitanjali Raheja' });
    await second.close();
    const third = await start({ dataFile });
    expect(await getProfile(third, gitanjali)).toEqual(sandboxSeedProfiles[0]);
  });

  it('resets the file through the control API as well', async () => {
    const dataFile = path.join(dir, 'sandbox-profiles.json');
    const sandbox = await start({ dataFile });
    await call(sandbox, `${FACTX}/${gitanjali}`, { method: 'PUT', body: changed });
    expect(readFileSync(dataFile, 'utf8')).toContain('Gitanjali R.');
    expect((await call(sandbox, '/__sandbox/reset', { method: 'POST' })).status).toBe(204);
    expect(readFileSync(dataFile, 'utf8')).not.toContain('Gitanjali R.');
  });

  it('refuses to start on a file it cannot read, naming it', async () => {
    const dataFile = path.join(dir, 'sandbox-profiles.json');
    writeFileSync(dataFile, '{ not json');
    await expect(start({ dataFile })).rejects.toThrow(`The sandbox's data file ${dataFile} cannot be read`);
  });
});

describe('a sandbox port already in use', () => {
  it('stops the start with a message naming the port and what to do', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    try {
      const started = startSandbox({ token: 'sandbox-test-token', port });
      await expect(started).rejects.toBeInstanceOf(SandboxPortInUseError);
      await expect(started).rejects.toThrow(`Port ${port} is in use: stop the other program or set SANDBOX_PORT`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
