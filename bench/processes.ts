import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Child processes of the benchmark. Each starts in its own process group (`detached`), so
 * stopping it also stops what npx and Next start below it, and a Ctrl-C in the terminal
 * reaches only this script, which then stops them in order.
 */

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Set once the process has exited; a service that dies early fails the wait for it. */
  exited: Promise<number | null>;
}

const running = new Set<Service>();

// The development and end-to-end servers use 3000-3110 and 4000-4110.
const RESERVED_PORTS = [
  [3000, 3110],
  [4000, 4110],
] as const;

/** A port the OS reports free, outside the ranges reserved for other servers. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && !RESERVED_PORTS.some(([low, high]) => port >= low && port <= high)) return port;
  }
  throw new Error('No free port outside the reserved ranges');
}

/** Runs a command to completion, its output in `logFile`; rejects on a non-zero exit. */
export async function runToCompletion(input: {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}): Promise<void> {
  const service = startService({ name: `${input.command} ${input.args.join(' ')}`, ...input });
  const code = await service.exited;
  running.delete(service);
  if (code !== 0) throw new Error(`${service.name} exited with ${code}; see ${input.logFile}`);
}

/** Starts a long-running process; `stopAllServices` stops it. */
export function startService(input: {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logFile: string;
}): Service {
  const log = openSync(input.logFile, 'w');
  const child = spawn(input.command, input.args, {
    cwd: input.cwd,
    env: input.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  // The child holds its own copy of the descriptor.
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', () => resolve(null));
  });
  const service = { name: input.name, child, logFile: input.logFile, exited };
  running.add(service);
  return service;
}

/** Polls `url` until it answers `status`; fails if the service exits or time runs out. */
export async function waitForHttp(input: { service: Service; url: string; status?: number; timeoutMs?: number }) {
  const expected = input.status ?? 200;
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  let exited = false;
  void input.service.exited.then(() => (exited = true));
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${input.service.name} exited before it was ready; see ${input.service.logFile}`);
    try {
      const response = await fetch(input.url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === expected) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${input.url} did not answer ${expected} in time (last: ${last}); see ${input.service.logFile}`);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops one service's process group: SIGTERM, then SIGKILL after `graceMs`. */
async function stopService(service: Service, graceMs = 5_000): Promise<void> {
  const pid = service.child.pid;
  running.delete(service);
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
}

/** Stops every service this script started, most recent first (the console before its upstream). */
export async function stopAllServices(): Promise<void> {
  for (const service of [...running].reverse()) await stopService(service);
}

let clockTicksPerSecond: number | undefined;

function clockTicks(): number {
  try {
    clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    clockTicksPerSecond = 100;
  }
  return clockTicksPerSecond;
}

/**
 * CPU time (user + system, ms) used so far by the live processes of a service's group, from
 * /proc; undefined off Linux. Unlike latency, CPU per request barely moves when other people's
 * work competes for the cores, so it is the steadier figure on a shared machine.
 */
export function serviceCpuMs(service: Service): number | undefined {
  const group = service.child.pid;
  if (group === undefined || !existsSync('/proc/self/stat')) return undefined;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // The process ended while we looked.
    }
    // Fields after the command name, which is in parentheses and may hold spaces:
    // [0] state, [2] process group, [11] utime, [12] stime (see proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / clockTicks();
}

/**
 * Runs a script's `main` with the services it starts stopped at the end, after a failure and on
 * Ctrl-C. `main` answering false (a check that failed) sets the exit code to 1.
 */
export async function runScript(input: { name: string; main: () => Promise<boolean | void> }): Promise<void> {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      void stopAllServices().finally(() => process.exit(code));
    });
  }
  try {
    if ((await input.main()) === false) process.exitCode = 1;
  } catch (error) {
    console.error(`\n${input.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await stopAllServices();
  }
}
