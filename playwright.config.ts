import { defineConfig, devices } from '@playwright/test';

import { E2E, E2E_INSTANCES } from './e2e/fixtures/settings';

/**
 * The console is built once as in production (`npm run e2e:build`, with a recognisable token
 * in the environment so a test can prove it never reaches a browser) and started on its
 * bundled sandbox with a SQLite file. When TEST_DATABASE_URL names a PostgreSQL database, two
 * more instances share it, for the tests of several instances working as one.
 */
const postgresUrl = process.env.TEST_DATABASE_URL;
if (process.env.REQUIRE_POSTGRES === '1' && !postgresUrl) {
  throw new Error('TEST_DATABASE_URL is required when REQUIRE_POSTGRES=1');
}

const common = {
  ATTESTR_AUTH_TOKEN: E2E.canaryToken,
  ATTESTR_TIMEOUT_MS: '3000',
  LOG_LEVEL: 'warn',
  NEXT_TELEMETRY_DISABLED: '1',
};

const servers = [
  {
    command: `rm -rf ${E2E.dataDir} && npx next start -p ${E2E.port}`,
    url: `${E2E.baseUrl}/api/health`,
    env: { ...common, SANDBOX_PORT: String(E2E.sandboxPort), BETTER_AUTH_URL: E2E.baseUrl, DATA_DIR: E2E.dataDir },
  },
  ...(postgresUrl
    ? E2E_INSTANCES.map((instance) => ({
        command: `npx next start -p ${instance.port}`,
        url: `${instance.baseUrl}/api/health`,
        env: {
          ...common,
          DATABASE_URL: postgresUrl,
          SANDBOX_PORT: String(instance.sandboxPort),
          BETTER_AUTH_URL: instance.baseUrl,
          // Both instances sign the same cookies: one secret, as in any multi-instance deployment.
          BETTER_AUTH_SECRET: E2E.sharedSecret,
          DATA_DIR: `${E2E.dataDir}-${instance.port}`,
        },
      }))
    : []),
];

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: E2E.baseUrl,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: '/usr/bin/chromium' },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: servers.map((server) => ({
    ...server,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  })),
});
