import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { expect, test } from './fixtures/test';
import { apiAs } from './support/api';

/** The routes of the production build under test, as Next lists them (`npm run e2e:build`). */
async function builtRoutes(): Promise<string[]> {
  const root = path.dirname(test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
  const manifest = await readFile(path.join(root, '.next', 'app-path-routes-manifest.json'), 'utf8');
  return Object.values(JSON.parse(manifest) as Record<string, string>);
}

test.describe('The production route tree', () => {
  test('holds the console’s routes and no benchmark route', async () => {
    const routes = await builtRoutes();
    // The list is the real one: the console's own routes are in it.
    expect(routes).toEqual(expect.arrayContaining(['/api/profiles/[profileId]', '/api/health', '/sign-in']));
    expect(routes.filter((route) => route.startsWith('/api/bench'))).toEqual([]);
  });

  test('answers 404 at /api/bench, signed in or not', async () => {
    for (const role of [null, 'admin'] as const) {
      const api = await apiAs(role);
      for (const target of ['noop', 'session', 'call']) {
        const response = await api.put(`/api/bench/${target}`, { data: {}, maxRedirects: 0 });
        expect(response.status(), `/api/bench/${target}, ${role ?? 'signed out'}`).toBe(404);
      }
      await api.dispose();
    }
  });
});
