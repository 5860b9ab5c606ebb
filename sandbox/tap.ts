import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A recording proxy in front of an Attestr (the sandbox), for tests and benchmarks that must
 * know what reached Attestr from one console instance: every call's method, profile, status
 * and timing. A call is recorded with the answer Attestr gave, even when the console that
 * made it is gone by then (killed while its update was on the way): that update was applied.
 * Bodies are passed through untouched and never kept.
 */

export interface TappedCall {
  method: string;
  /** The path without its query: ids only, never personal values. */
  path: string;
  /** The profile id of a Get, Update or Archive; null for a Create or another path. */
  profileId: string | null;
  /** Attestr's HTTP status; 0 when the way to it failed. */
  status: number;
  /** Epoch milliseconds when the call reached the tap, and when Attestr's answer was complete. */
  startedAt: number;
  endedAt: number;
}

export interface AttestrTap {
  /** Like 'http://127.0.0.1:PORT': the base URL to give the console instead of Attestr's. */
  url: string;
  /** Every finished call, in the order their answers came. */
  calls(): readonly TappedCall[];
  /** Calls on their way now, by method. */
  inFlight(method?: string): number;
  close(): Promise<void>;
}

const PROFILE_PATH = /^\/api\/[^/]+\/public\/factx\/([A-Za-z0-9_-]+)(\/.*)?$/;

export async function startAttestrTap(input: { upstream: string; port?: number }): Promise<AttestrTap> {
  const upstream = new URL(input.upstream);
  // A new connection per call: a kept-alive one can be closed by the sandbox's idle timeout just
  // as the tap reuses it, and the tap would then answer 502 for a call Attestr never saw.
  const agent = new Agent({ keepAlive: false, maxSockets: 64 });
  const calls: TappedCall[] = [];
  const flying = new Map<string, number>();
  const fly = (method: string, by: number) => flying.set(method, (flying.get(method) ?? 0) + by);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = target.split('?', 1)[0] ?? '/';
    const startedAt = Date.now();
    const profileId = PROFILE_PATH.exec(path)?.[1] ?? null;
    let recorded = false;
    fly(method, 1);
    const record = (status: number) => {
      if (recorded) return;
      recorded = true;
      fly(method, -1);
      calls.push({ method, path, profileId, status, startedAt, endedAt: Date.now() });
    };
    const headers = { ...req.headers, host: upstream.host };
    const outgoing = request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method,
        path: target,
        headers,
        agent,
      },
      (answer) => {
        answer.once('end', () => record(answer.statusCode ?? 0));
        answer.once('error', () => record(answer.statusCode ?? 0));
        if (!res.destroyed) res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => {
          if (!res.destroyed) res.write(chunk);
        });
        answer.once('end', () => {
          if (!res.destroyed) res.end();
        });
      },
    );
    outgoing.once('error', () => {
      record(0);
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(outgoing);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    inFlight: (method) =>
      method === undefined ? [...flying.values()].reduce((a, b) => a + b, 0) : (flying.get(method) ?? 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** Updates Attestr accepted (200), per profile: exactly one each is what a bulk job must leave. */
export function acceptedUpdatesByProfile(calls: readonly TappedCall[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of calls) {
    if (call.method !== 'PUT' || call.status !== 200 || call.profileId === null) continue;
    // Archive Profile is a PUT too, on a path of its own.
    if (PROFILE_PATH.exec(call.path)?.[2] !== undefined) continue;
    counts.set(call.profileId, (counts.get(call.profileId) ?? 0) + 1);
  }
  return counts;
}
