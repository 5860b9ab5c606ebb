import { defineConfig, devices } from '@playwright/test';

import { E2E } from './e2e/fixtures/settings';

/**
 * The console is built and started as in production, on its bundled sandbox, with a
 * recognisable token in the environment so a test can prove it never reaches a browser.
 */
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
  webServer: {
    command: `npx next build && npx next start -p ${E2E.port}`,
    url: `${E2E.baseUrl}/profiles`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ATTESTR_AUTH_TOKEN: E2E.canaryToken,
      SANDBOX_PORT: String(E2E.sandboxPort),
      ATTESTR_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'warn',
    },
  },
});
