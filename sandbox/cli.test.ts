import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { FACTX } from '@/test/support/sandbox';
import { SANDBOX_PROFILE_IDS } from './seed';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `import('./sandbox/cli.ts').then((cli) => cli.runSandboxCli({ port: 0, host: '127.0.0.1', token: 'demo-token' }))`;

// A real process, so the banner, the signal handling and the clean exit are what a user gets.
function startCli() {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', entry], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const banner = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout));
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code} before its banner: ${stderr}`)));
  });
  return { child, banner, output: () => ({ stdout, stderr }) };
}

describe('runSandboxCli', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints one line with the URL and token, serves, and exits cleanly on %s',
    async (signal) => {
      const { child, banner, output } = startCli();
      try {
        const line = await banner;
        const match =
          /^Attestr sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(Authorization: Basic demo-token\)\n$/.exec(line);
        expect(match, line).not.toBeNull();
        const url = match?.[1] ?? '';

        // Leaves a kept-alive connection open, which close() must not wait for.
        const response = await fetch(`${url}${FACTX}/${SANDBOX_PROFILE_IDS.gitanjali}`, {
          headers: { authorization: 'Basic demo-token' },
        });
        expect(response.status).toBe(200);
        await response.arrayBuffer();

        const started = performance.now();
        const exited = once(child, 'exit');
        child.kill(signal);
        const [code, killedBy] = (await exited) as [number | null, NodeJS.Signals | null];
        expect({ code, killedBy, ...output() }).toEqual({ code: 0, killedBy: null, stdout: line, stderr: '' });
        expect(performance.now() - started).toBeLessThan(2000);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
  );
});
