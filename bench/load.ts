import os from 'node:os';

import autocannon, { type AutocannonResult } from 'autocannon';

import { CONSOLE_PROFILE_BODY, PROFILE_BODY, PROFILE_ID } from './config';
import { serviceCpuMs, type Service } from './processes';
import type { Stack } from './stack';

export type TargetName = 'direct' | 'console' | 'floor' | 'floor+session' | 'floor+call';

export interface Target {
  name: TargetName;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The process that answers: its CPU time per request is measured. */
  server: Service;
  /**
   * Paths to spread the connections over, one each in turn. Saves of one profile run one at a
   * time by design, so the console's throughput is measured over distinct profiles, as many
   * people saving many profiles make it; one profile hammered by every connection measures
   * that queue instead.
   */
  paths?: readonly string[];
}

export interface Measurement {
  target: TargetName;
  connections: number;
  /** How many measurements this figure is the median of (1 for a single run). */
  rounds: number;
  seconds: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time the answering server spent per request (its whole process group); null off Linux. */
  serverCpuMsPerRequest: number | null;
  /** The machine's 1-minute load average at the end: other people's work skews the figures. */
  loadAverage: number;
}

/** The five PUTs measured side by side, all with the same profile body. */
export function benchTargets(stack: Stack, profileIds: readonly string[] = [PROFILE_ID]): Target[] {
  const json = { 'Content-Type': 'application/json' };
  // The console's CSRF guard wants proof the request comes from its own pages.
  const sameOrigin = { ...json, Origin: stack.consoleUrl, 'Sec-Fetch-Site': 'same-origin' };
  const signedIn = { ...sameOrigin, Cookie: stack.sessionCookie };
  return [
    {
      name: 'direct',
      url: `${stack.sandboxUrl}/api/v1/public/factx/${PROFILE_ID}`,
      headers: { ...json, Authorization: `Basic ${stack.sandboxToken}` },
      body: PROFILE_BODY,
      server: stack.sandbox,
    },
    {
      name: 'console',
      url: `${stack.consoleUrl}/api/profiles/${PROFILE_ID}`,
      headers: signedIn,
      body: CONSOLE_PROFILE_BODY,
      server: stack.console,
      paths: profileIds.map((id) => `/api/profiles/${id}`),
    },
    // The floor needs the cookie too: proxy.ts turns API calls without one away (it only looks
    // for the cookie; the database check is what floor+session adds).
    {
      name: 'floor',
      url: `${stack.consoleUrl}/api/bench/noop`,
      headers: signedIn,
      body: CONSOLE_PROFILE_BODY,
      server: stack.console,
    },
    {
      name: 'floor+session',
      url: `${stack.consoleUrl}/api/bench/session`,
      headers: signedIn,
      body: CONSOLE_PROFILE_BODY,
      server: stack.console,
    },
    // floor+session plus one Attestr update, as received: no read before it, no record of it.
    // Between it and the console lie the read of the profile, the record and the merge.
    {
      name: 'floor+call',
      url: `${stack.consoleUrl}/api/bench/call?profileId=${PROFILE_ID}`,
      headers: signedIn,
      body: CONSOLE_PROFILE_BODY,
      server: stack.console,
    },
  ];
}

/**
 * Profiles for the console's saves, one per connection at most: created at the sandbox with the
 * sample profile's values, so each save sends a profile its own values and nothing conflicts.
 */
export async function createBenchProfiles(stack: Stack, count: number): Promise<string[]> {
  const ids: string[] = [PROFILE_ID];
  while (ids.length < count) {
    const response = await fetch(`${stack.sandboxUrl}/api/v1/public/factx/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${stack.sandboxToken}` },
      body: PROFILE_BODY,
    });
    if (response.status !== 200) throw new Error(`creating a bench profile answered HTTP ${response.status}`);
    ids.push(((await response.json()) as { _id: string })._id);
  }
  return ids;
}

/** Sends one request to each target and fails unless every one answers 200 as expected. */
export async function checkTargetsAnswer(targets: Target[]): Promise<void> {
  for (const target of targets) {
    const response = await fetch(target.url, { method: 'PUT', headers: target.headers, body: target.body });
    const text = await response.text();
    if (response.status !== 200) {
      throw new Error(`${target.name}: PUT ${target.url} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    if (target.name === 'console') assertSavedProfile(text);
  }
}

function assertSavedProfile(text: string): void {
  const body = JSON.parse(text) as { profile?: { id?: string; tag?: string }; savedAt?: unknown };
  const expected = JSON.parse(PROFILE_BODY) as { tag: string };
  if (!body.profile?.id || body.profile.tag !== expected.tag || typeof body.savedAt !== 'string') {
    throw new Error(`console: PUT answered 200 with an unexpected body: ${text.slice(0, 300)}`);
  }
}

/**
 * One autocannon run. Latencies are recorded here from each response, in fractional
 * milliseconds: autocannon's own histogram keeps whole milliseconds, too coarse for a
 * 1-connection p50 of 1–3 ms.
 */
async function runLoad(input: { target: Target; connections: number; seconds: number }) {
  const latencies: number[] = [];
  let nextPath = 0;
  const instance = autocannon({
    url: input.target.url,
    method: 'PUT',
    headers: input.target.headers,
    body: input.target.body,
    connections: input.connections,
    duration: input.seconds,
    pipelining: 1,
    timeout: 10,
    ...(input.target.paths
      ? {
          setupClient: (client: { setRequest(request: { path: string }): void }) => {
            const paths = input.target.paths as readonly string[];
            client.setRequest({ path: paths[nextPath++ % paths.length] as string });
          },
        }
      : {}),
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await instance;
  assertClean({ result, target: input.target.name, connections: input.connections });
  return { result, latencies };
}

function assertClean(input: { result: AutocannonResult; target: TargetName; connections: number }): void {
  const { result } = input;
  const problems = [
    result.non2xx > 0 && `${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`,
    result.errors > 0 && `${result.errors} errors`,
    result.timeouts > 0 && `${result.timeouts} timeouts`,
    result['2xx'] === 0 && 'no 2xx answer at all',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new Error(`${input.target} at ${input.connections} connections: ${problems.join(', ')}`);
  }
}

/** One figure per target and concurrency: the median of each quantity over its rounds. */
export function medianOfRounds(rounds: readonly Measurement[]): Measurement[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of rounds) {
    const key = `${m.target}@${m.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => {
    const median = (pick: (m: Measurement) => number) => percentile(group.map(pick), 50);
    const cpu = group.map((m) => m.serverCpuMsPerRequest);
    const first = group[0] as Measurement;
    return {
      target: first.target,
      connections: first.connections,
      rounds: group.length,
      seconds: group.reduce((sum, m) => sum + m.seconds, 0),
      requests: group.reduce((sum, m) => sum + m.requests, 0),
      rps: median((m) => m.rps),
      p50Ms: median((m) => m.p50Ms),
      p99Ms: median((m) => m.p99Ms),
      serverCpuMsPerRequest: cpu.every((value) => value !== null) ? percentile(cpu as number[], 50) : null,
      loadAverage: median((m) => m.loadAverage),
    };
  });
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Runs every target for a while, answers discarded (still checked), so that V8 has optimised each path. */
export async function warmUp(targets: Target[], seconds: number): Promise<void> {
  for (const target of targets) await runLoad({ target, connections: 16, seconds });
}

/** Warms a target up (answers discarded, but still checked), then measures it. */
export async function measure(input: {
  target: Target;
  connections: number;
  warmupSeconds: number;
  seconds: number;
}): Promise<Measurement> {
  await runLoad({ target: input.target, connections: input.connections, seconds: input.warmupSeconds });
  const cpuBefore = serviceCpuMs(input.target.server);
  const { result, latencies } = await runLoad(input);
  const cpuAfter = serviceCpuMs(input.target.server);
  const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return {
    target: input.target.name,
    connections: input.connections,
    rounds: 1,
    seconds: result.duration,
    requests: latencies.length,
    rps: latencies.length / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMsPerRequest: cpuMs === undefined ? null : cpuMs / latencies.length,
    loadAverage: os.loadavg()[0] ?? Number.NaN,
  };
}
