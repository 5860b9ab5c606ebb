import 'server-only';

import { randomBytes } from 'node:crypto';

import { createAttestrClient, type AttestrClient } from '@/lib/attestr/client';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';

interface EmbeddedSandbox {
  url: string;
  token: string;
}

// Kept on globalThis: Next loads instrumentation and each route in separate module graphs.
const holder = globalThis as typeof globalThis & {
  __attestrSandbox?: Promise<EmbeddedSandbox>;
  __attestrClient?: Promise<AttestrClient>;
};

/**
 * Starts the bundled sandbox once per process, on SANDBOX_PORT (a free port by default).
 * The console talks to it over real HTTP, exactly as it would to Attestr.
 */
export function ensureEmbeddedSandbox(): Promise<EmbeddedSandbox> {
  holder.__attestrSandbox ??= (async () => {
    const env = getEnv();
    const { startSandbox } = await import('@/lib/sandbox/server');
    const sandbox = await startSandbox({
      port: env.SANDBOX_PORT,
      token: env.ATTESTR_AUTH_TOKEN ?? randomBytes(24).toString('base64url'),
    });
    getLogger().info({ event: 'sandbox.started', url: sandbox.url }, 'Attestr sandbox started');
    return { url: sandbox.url, token: sandbox.token };
  })();
  return holder.__attestrSandbox;
}

/** The client the console uses: the real Attestr when configured, else the bundled sandbox. */
export function getAttestrClient(): Promise<AttestrClient> {
  holder.__attestrClient ??= (async () => {
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
  })();
  return holder.__attestrClient;
}
