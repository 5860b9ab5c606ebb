import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { isProcessRunning } from '@/lib/process-alive';

const stateOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  } catch {
    return 'gone';
  }
};

describe('isProcessRunning', () => {
  it('is true for this process', () => {
    expect(isProcessRunning(process.pid)).toBe(true);
  });

  it('is false for a process that was killed but not yet reaped by its parent', async () => {
    // The shell starts a sleeper, says its pid, and becomes a process that never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 60 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(
        await new Promise<string>((resolve) => parent.stdout.once('data', (data: Buffer) => resolve(String(data)))),
      );
      expect(isProcessRunning(pid)).toBe(true);
      process.kill(pid, 'SIGKILL');
      // The kernel ends it at once; its parent never collects it, so it stays a zombie.
      for (let looks = 0; stateOf(pid) !== 'Z' && looks < 10_000; looks += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(stateOf(pid)).toBe('Z');
      expect(isProcessRunning(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
