import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside a React Server bundle; tests run plain Node.
      'server-only': fileURLToPath(new URL('./test/support/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['{app,bench,components,lib,sandbox,scripts,test}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 15_000,
    pool: 'forks',
  },
});
