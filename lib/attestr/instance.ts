import 'server-only';

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { getAttestrBudget, withAttestrBudget, type BudgetedAttestrClient } from '@/lib/attestr/budget';
import { createAttestrClient, type AttestrClient } from '@/lib/attestr/client';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

interface EmbeddedSandbox {
  url: string;
  token: string;
}

/** The bundled sandbox's profiles, in DATA_DIR. */
export const SANDBOX_DATA_FILE = 'sandbox-profiles.json';

// The sandbox is kept on globalThis: one per process, though Next loads instrumentation, pages
// and route handlers in separate module graphs.
const holder = globalThis as typeof globalThis & { __attestrSandbox?: Promise<EmbeddedSandbox> };

// The client is kept per module graph, never shared: the errors it throws must be this graph's
// AttestrError, or `instanceof` in the error mapping would not recognise them.
let client: Promise<BudgetedAttestrClient> | undefined;

/**
 * Starts the bundled sandbox once per process, on SANDBOX_PORT (a free port by default).
 * The console talks to it over real HTTP, exactly as it would to Attestr.
 */
export function ensureEmbeddedSandbox(): Promise<EmbeddedSandbox> {
  holder.__attestrSandbox ??= (async () => {
    const env = getEnv();
    const { startSandbox } = await import('@/sandbox/server');
    // Its profiles are kept in DATA_DIR, so a restart keeps what was saved, as Attestr would.
    mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
    const sandbox = await startSandbox({
      port: env.SANDBOX_PORT,
      token: env.ATTESTR_AUTH_TOKEN ?? randomBytes(24).toString('base64url'),
      dataFile: path.resolve(env.DATA_DIR, SANDBOX_DATA_FILE),
    });
    getLogger().info({ event: 'sandbox.started', url: sandbox.url }, 'Attestr sandbox started');
    return { url: sandbox.url, token: sandbox.token };
  })();
  return holder.__attestrSandbox;
}

/**
 * The client the console uses: the real Attestr when configured, else the bundled sandbox.
 * Every call draws on the console's one Attestr budget (lib/attestr/budget.ts).
 */
export function getAttestrClient(): Promise<BudgetedAttestrClient> {
  client ??= (async () => withAttestrBudget(await createClient(), getAttestrBudget()))();
  return client;
}

async function createClient(): Promise<AttestrClient> {
  const env = getEnv();
  const settings = {
    apiVersion: env.ATTESTR_API_VERSION,
    timeoutMs: env.ATTESTR_TIMEOUT_MS,
  };
  if (env.ATTESTR_BASE_URL && env.ATTESTR_AUTH_TOKEN) {
    return createAttestrClient({ ...settings, baseUrl: env.ATTESTR_BASE_URL, authToken: env.ATTESTR_AUTH_TOKEN });
  }
  const sandbox = await ensureEmbeddedSandbox();
  return createAttestrClient({ ...settings, baseUrl: sandbox.url, authToken: sandbox.token });
}
