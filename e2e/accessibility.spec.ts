import { randomUUID } from 'node:crypto';

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import { apiAs } from './support/api';

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Listed only when the console runs on its bundled sandbox, never in production: a
// sandbox-only section, also scanned on its own so a violation there is named as such.
const SANDBOX_DEMO_LIST = 'section[aria-labelledby="demo-heading"]';

async function seriousViolations(page: Page, scope?: { include?: string; exclude?: string }): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_AA);
  if (scope?.include) builder = builder.include(scope.include);
  if (scope?.exclude) builder = builder.exclude(scope.exclude);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(' ')).join('\n  ')}`,
    );
}

test.describe('Accessibility (axe, WCAG 2.1 AA): no serious or critical violations', () => {
  test('/profiles, with a recently opened profile and an inline error', async ({ page, profilesPage, profilePage }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await profilesPage.goto();
    await expect(profilesPage.recentProfile(SEED.gitanjali.name)).toBeVisible();
    await profilesPage.openProfile('not a valid id');
    await expect(profilesPage.profileIdInput).toHaveAttribute('aria-invalid', 'true');

    expect(await seriousViolations(page)).toEqual([]);
  });

  test('the sandbox demo list on /profiles', async ({ page, profilesPage }) => {
    await profilesPage.goto();
    await expect(profilesPage.demoProfiles).toBeVisible();

    expect(await seriousViolations(page, { include: SANDBOX_DEMO_LIST })).toEqual([]);
  });

  test('a profile page with a field error and an Attestr error shown', async ({ page, sandbox, profilePage }) => {
    await profilePage.goto(SEED.gitanjali.id);
    await sandbox.injectFault({ kind: 'error5001', method: 'PUT' });
    await profilePage.setField('Name', 'Gitanjali R.');
    await profilePage.saveButton.click();
    await expect(profilePage.result.errorMessage).toHaveText(
      'Attestr had a problem on its side and could not complete the request.',
    );
    await profilePage.setField('Mobile', '+91 12');
    await profilePage.field('Mobile').blur();
    await expect(profilePage.field('Mobile')).toHaveAttribute('aria-invalid', 'true');

    expect(await seriousViolations(page)).toEqual([]);
  });

  for (const width of [1280, 390]) {
    test(`an update’s page with Attestr’s words and code, ${width} px wide`, async ({ page, sandbox }) => {
      await page.setViewportSize({ width, height: 844 });
      const current = await sandbox.getProfile(SEED.archived.id);
      const values = { tag: current.tag, name: current.name, email: current.email ?? '', mobile: current.mobile ?? '' };
      const api = await apiAs('hr');
      const attemptId = randomUUID();
      const response = await api.put(`/api/profiles/${SEED.archived.id}`, {
        data: { ...values, name: 'R. Mehta', base: values },
        headers: { 'Idempotency-Key': attemptId },
      });
      expect(response.status()).toBe(409);
      await api.dispose();
      await page.goto(`/updates/${attemptId}`);
      await expect(page.getByTestId('attestr-said')).toHaveText(
        'Attestr said: “Profile is archived already, operation not allowed” (40038)',
      );

      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('an archived profile, shown read-only', async ({ page, profilePage }) => {
    await page.goto(`/profiles/${SEED.archived.id}`);
    await expect(profilePage.statusBadge()).toHaveText('Archived');
    await expect(page.getByRole('note')).toContainText('This profile is archived at Attestr');

    expect(await seriousViolations(page)).toEqual([]);
  });
});
