import type { Locator, Page } from '@playwright/test';

import { expect, test } from './fixtures/test';

const ROLES = ['admin', 'hr', 'support', 'ops'] as const;
const WIDTHS = [
  { width: 1280, rows: 1 },
  { width: 390, rows: 2 },
] as const;

/** The header's visible parts, each with its box. */
async function visibleBoxes(header: Locator): Promise<{ top: number; bottom: number; right: number }[]> {
  const parts = header.locator('a, button, [title]');
  const boxes: { top: number; bottom: number; right: number }[] = [];
  for (const part of await parts.all()) {
    if (!(await part.isVisible())) continue;
    const box = await part.boundingBox();
    if (box && box.width > 1) boxes.push({ top: box.y, bottom: box.y + box.height, right: box.x + box.width });
  }
  return boxes;
}

/** How many rows the parts sit on: parts whose middles are within half a line share a row. */
function rowsOf(boxes: { top: number; bottom: number }[], line: number): number {
  const middles = boxes.map((box) => (box.top + box.bottom) / 2).sort((a, b) => a - b);
  let rows = 0;
  let last = -Infinity;
  for (const middle of middles) {
    if (middle - last > line / 2) rows += 1;
    if (middle - last > line / 2) last = middle;
  }
  return rows;
}

async function measure(page: Page) {
  const header = page.locator('body > header, header').first();
  const boxes = await visibleBoxes(header);
  // One line of the header: its tallest control (the Sign out or Menu button).
  const line = Math.max(...boxes.map((box) => box.bottom - box.top));
  const height = (await header.boundingBox())!.height;
  const padding = await header.locator('> div').evaluate((element) => {
    const style = getComputedStyle(element);
    return { vertical: parseFloat(style.paddingTop) + parseFloat(style.paddingBottom), gap: parseFloat(style.rowGap) };
  });
  return { header, boxes, line, height, padding };
}

for (const role of ROLES) {
  for (const { width, rows } of WIDTHS) {
    test.describe(`The header for ${role} at ${width} px`, () => {
      test.use({ role, viewport: { width, height: 844 } });

      test(`fits ${rows === 1 ? 'one row' : 'two rows at most'}, with nothing past the screen's edge`, async ({
        page,
      }) => {
        await page.goto('/profiles');
        const { boxes, line, height, padding } = await measure(page);
        expect(rowsOf(boxes, line), 'rows of the header').toBeLessThanOrEqual(rows);
        // The header's own height, against as many lines as it may have and its padding.
        expect(height).toBeLessThanOrEqual(padding.vertical + rows * line + (rows - 1) * padding.gap + 2);
        for (const box of boxes) expect(box.right, 'a part of the header past the edge').toBeLessThanOrEqual(width);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      });

      test('a skip link first, to the main content', async ({ page }) => {
        await page.goto('/profiles');
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: 'Skip to main content' });
        await expect(skip).toBeFocused();
        await expect(skip).toBeVisible();
        await page.keyboard.press('Enter');
        await expect(page.getByRole('main')).toBeFocused();
      });

      if (width === 390) {
        test('the menu opens to every link of the role, and Sign out', async ({ page }) => {
          await page.goto('/profiles');
          const nav = page.getByRole('navigation', { name: 'Main' });
          await expect(nav).toBeHidden();
          const menu = page.getByRole('button', { name: 'Menu' });
          await expect(menu).toHaveAttribute('aria-expanded', 'false');
          await menu.click();
          await expect(nav.getByRole('link', { name: 'Your account' })).toBeVisible();
          await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
          await expect(menu).toHaveAttribute('aria-expanded', 'true');
          await nav.getByRole('link', { name: 'Your account' }).click();
          await expect(page).toHaveURL(/\/account$/);
        });
      }

      if (role === 'admin' || role === 'ops') {
        test('the open failures link is named by its visible text', async ({ page }) => {
          await page.goto('/profiles');
          if (width === 390) await page.getByRole('button', { name: 'Menu' }).click();
          const link = page.getByRole('navigation', { name: 'Main' }).locator('a[href="/updates?outcome=open"]');
          const text = (await link.innerText()).trim();
          expect(text).toMatch(/^[\d,]+ open failures?$/);
          await expect(link).toHaveAccessibleName(text);
        });
      }
    });
  }
}
