import 'server-only';

import { randomBytes } from 'node:crypto';

import { getAttestrBudget, withAttestrBudget, type BudgetedAttestrClient } from '@/lib/attestr/budget';
import { createAttestrClient, type AttestrClient } from '@/lib/attestr/client';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

interface EmbeddedSandbox {
  url: string;
  token: string;
}

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
    const sandbox = await startSandbox({
      port: env.SANDBOX_PORT,
      token: env.ATTESTR_AUTH_TOKEN ?? randomBytes(24).toString('base64url'),
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
