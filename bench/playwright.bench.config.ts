import { fileURLToPath } from 'node:url';

import { defineConfig } from '@playwright/test';

import e2e from '../playwright.config';

/**
 * `npm run bench:bulk-parse`: the browser side of bulk updates measured in Chromium on the
 * console as built for end-to-end tests (its SQLite instance only). Figures are printed, not
 * asserted: see bench/bulk-parse.bench.ts.
 */
export default defineConfig({
  ...e2e,
  testDir: '.',
  testMatch: /\.bench\.ts$/,
  reporter: [['list']],
  timeout: 300_000,
  // Started from the project's root, where the end-to-end build is, not from this folder.
  webServer: (Array.isArray(e2e.webServer) ? e2e.webServer.slice(0, 1) : []).map((server) => ({
    ...server,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  })),
});
