import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { handleAttestrRequest, matchAttestrRoute } from './attestr-routes';
import {
  defaultSandboxConfig,
  mergeSandboxConfig,
  sandboxConfigPatchSchema,
  sandboxFaultSchema,
  type SandboxConfig,
  type SandboxFault,
} from './config';
import { CONTROL_PREFIX, handleControlRequest } from './control-routes';
import { attestrErrorReply, notFoundReply, writeReply, type Reply } from './http';
import { profileFile } from './profile-file';
import { sandboxSeedProfiles } from './seed';
import { createSandboxState, resetSandboxState } from './state';

export type { SandboxConfig, SandboxFault, SandboxLimitPair } from './config';
export type { SandboxProfile } from './store';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  token: string;
  /** Load the demo profiles; default true. */
  seed?: boolean;
  config?: Partial<SandboxConfig>;
  /** The sandbox clock, for timestamps and limit windows; default Date.now. */
  now?: () => number;
  /**
   * A JSON file keeping the profiles between starts (the console's DATA_DIR): read at start,
   * written after each change, reset with the sandbox. Without it, profiles live in memory.
   */
  dataFile?: string;
}

/** The port asked for is taken by another program: said with the port and what to do. */
export class SandboxPortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is in use: stop the other program or set SANDBOX_PORT to a free port (0 picks one).`);
    this.name = 'SandboxPortInUseError';
  }
}

export interface RunningSandbox {
  /** Like 'http://127.0.0.1:PORT', with no trailing slash. */
  url: string;
  port: number;
  token: string;
  /** Throws a ZodError on an invalid patch. */
  configure(patch: Partial<SandboxConfig>): void;
  /** Throws a ZodError on an invalid fault. */
  injectFault(fault: SandboxFault): void;
  /** Back to the profiles and config the sandbox started with; counters and faults cleared. */
  reset(): void;
  /** Stops the server and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

function pathOf(url: string | undefined): string {
  const target = url ?? '/';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

// A wildcard address is where the server listens, not somewhere a client can connect to.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts an Attestr-compatible server with its own in-memory profiles, for tests and demos. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  if (options.token === '') throw new Error('The sandbox needs a non-empty token');
  const host = options.host ?? '127.0.0.1';
  const state = createSandboxState({
    config: mergeSandboxConfig(defaultSandboxConfig(), sandboxConfigPatchSchema.parse(options.config ?? {})),
    profiles: options.seed === false ? [] : sandboxSeedProfiles,
    now: options.now ?? Date.now,
    token: options.token,
    ...(options.dataFile ? { file: profileFile(options.dataFile) } : {}),
  });

  const latencyTimers = new Set<NodeJS.Timeout>();
  let closed = false;

  function deliver(req: IncomingMessage, res: ServerResponse, reply: Reply, latencyMs: number): void {
    if (closed) return;
    if (latencyMs <= 0 || reply.type === 'hang') {
      writeReply(req, res, reply);
      return;
    }
    const timer = setTimeout(() => {
      latencyTimers.delete(timer);
      writeReply(req, res, reply);
    }, latencyMs);
    latencyTimers.add(timer);
  }

  const server = createServer((req, res) => {
    const path = pathOf(req.url);
    const isControl = path.startsWith(CONTROL_PREFIX);
    const route = isControl ? null : matchAttestrRoute(req.method, path, state.config.versions);
    const pending = isControl
      ? handleControlRequest(state, req, path)
      : route
        ? handleAttestrRequest(state, req, route, path)
        : Promise.resolve(notFoundReply);
    // Control calls are the test harness talking, so they skip the simulated latency.
    pending.then(
      (reply) => deliver(req, res, reply, isControl ? 0 : state.config.latencyMs),
      () => deliver(req, res, attestrErrorReply(5001), 0),
    );
  });

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new SandboxPortInUseError(options.port ?? 0) : error);
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    token: options.token,
    configure(patch) {
      state.config = mergeSandboxConfig(state.config, sandboxConfigPatchSchema.parse(patch));
    },
    injectFault(fault) {
      state.faults.add(sandboxFaultSchema.parse(fault));
    },
    reset() {
      resetSandboxState(state);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        closed = true;
        for (const timer of latencyTimers) clearTimeout(timer);
        latencyTimers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
