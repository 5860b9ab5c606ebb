import { request } from '@playwright/test';

import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { SIGNED_OUT } from './support/api';

test.describe('The site icon', () => {
  test('/favicon.ico is an icon, served to a signed-out browser too', async () => {
    const visitor = await request.newContext({ baseURL: E2E.baseUrl, storageState: SIGNED_OUT });
    const response = await visitor.get('/favicon.ico', { maxRedirects: 0 });

    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/x-icon');
    // An ICO file starts with reserved 0, type 1 (icon) and at least one image.
    const body = await response.body();
    expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(body.readUInt16LE(4)).toBeGreaterThan(0);
    await visitor.dispose();
  });

  test('the pages name it, so browsers need not guess', async ({ page }) => {
    await page.goto('/sign-in');
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /^\/favicon\.ico(\?|$)/);
  });
});
