import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type RunningSandbox } from './server';

/**
 * The README's "Demo an Attestr error with the sandbox" commands, run as written against a
 * started sandbox (on a free port instead of 4010, so a running demo does not collide).
 */
const run = promisify(execFile);
const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Demo an Attestr error'),
  readme.indexOf('## Errors as people see them'),
);
const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!.trim());
const start = blocks.find((block) => block.includes('npm start'))!;
const [token] = /ATTESTR_AUTH_TOKEN=(\S+)/.exec(start)!.slice(1);
const [port] = /SANDBOX_PORT=(\d+)/.exec(start)!.slice(1);
const curl = (needle: string) => blocks.find((block) => block.startsWith('curl') && block.includes(needle))!;

let sandbox: RunningSandbox;
const profile = 'AX1LgghsxZsJZUwYvN';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, token: token! });
});
afterAll(() => sandbox.close());

async function shell(command: string): Promise<void> {
  await run('sh', ['-c', command.replaceAll(`localhost:${port}`, new URL(sandbox.url).host)]);
}

async function update(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/api/v1/public/factx/${profile}`, {
    method: 'PUT',
    headers: { Authorization: `Basic ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tag: 'AA-1234', name: 'Gitanjali Raheja' }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

describe('the README’s sandbox demo', () => {
  it('starts the console with a fixed sandbox port and token', () => {
    expect(start).toMatch(/^SANDBOX_PORT=\d+ ATTESTR_AUTH_TOKEN=\S+ npm start$/);
  });

  it('makes the next update answer 5001, then lets the one after through', async () => {
    await shell(curl('error5001'));
    expect(await update()).toEqual({ status: 500, body: { code: 5001, message: 'Request could not be processed' } });
    expect((await update()).status).toBe(200);
  });

  it('makes the next update answer a 429 with 4291', async () => {
    await shell(curl('4291'));
    expect(await update()).toEqual({
      status: 429,
      body: { code: 4291, message: 'Maximum account rate limit exceeded' },
    });
  });

  it('resets the sandbox: an injected fault is gone', async () => {
    await shell(curl('error5001'));
    await shell(curl('__sandbox/reset'));
    expect((await update()).status).toBe(200);
  });
});
