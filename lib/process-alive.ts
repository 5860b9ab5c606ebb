import 'server-only';

import { readFileSync } from 'node:fs';

/**
 * Whether a process of this machine still runs. A signal 0 reaching it is not enough: a process
 * killed but not yet reaped by its parent (a zombie, which a container's first process may leave
 * for a while) still answers it, so on Linux its state in /proc is read too.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // No /proc (another system): the signal's answer stands.
    return true;
  }
  // "pid (name) S …": the state follows the name, which may itself hold spaces and parentheses.
  const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  return state !== 'Z' && state !== 'X';
}
