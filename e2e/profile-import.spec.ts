import { randomInt } from 'node:crypto';

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import { ProfileImportPage } from './pages/profile-import-page';

/** A surname no other test uses: letters only, so that it is one word of the name. */
function uniqueSurname(): string {
  const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
  return `Im${letters}`;
}

const UNKNOWN_ID = 'Zz9NotAtAttestrE2E';

/** Serious or critical WCAG 2.1 AA violations in the page's own content (the header is not the import's), by axe. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .include('main')
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`Import profile IDs, ${viewport.width} px wide`, () => {
    test.use({ role: 'admin', viewport });

    test('an administrator imports a file of IDs, follows it to the end, then finds an imported person by name', async ({
      page,
      sandbox,
      profilesPage,
    }) => {
      // A person at Attestr the console has never seen: Find a profile does not know her yet.
      const surname = uniqueSurname();
      const newcomer = await sandbox.createProfile({ tag: `IM-${surname.slice(2, 6)}`, name: `Meera ${surname}` });
      await profilesPage.goto();
      await profilesPage.findInput.fill(`meera ${surname.toLowerCase()}`);
      await expect(profilesPage.findStatus).toHaveText(/^No profile found\./);

      await page.getByRole('link', { name: 'import profile IDs' }).click();
      const imports = new ProfileImportPage(page);
      await expect(imports.heading).toHaveText('Import profile IDs');
      await imports.goto();
      await imports.chooseFile(
        'hr-export.csv',
        [
          'Employee,Attestr ID,Department',
          `Meera,${newcomer.id},Finance`,
          `Gitanjali,${SEED.gitanjali.id},Sales`,
          `Meera again,${newcomer.id},Finance`,
          'Pasted link,https://attestr.com/p/123,Sales',
          `Nobody,${UNKNOWN_ID},Sales`,
          'No id,,Sales',
        ].join('\n'),
      );
      // The column is guessed from its header; the others are left out.
      await expect(imports.upload.getByLabel('Attestr ID')).toHaveValue('profileId');
      await expect(imports.upload.getByLabel('Department')).toHaveValue('');
      await expect(imports.check).toHaveText(
        '3 profile IDs to read (1 line repeats an ID already in the file: each ID is read once).',
      );
      await expect(imports.invalidLines).toHaveCount(3);
      await expect(imports.invalidLines.nth(1)).toContainText('https://attestr.com/p/123');
      await expect(imports.invalidLines.nth(1)).toContainText('Profile IDs contain only letters, digits, - and _');
      await expect(imports.invalidLines.nth(2)).toContainText('No profile ID on this line.');
      expect(await seriousViolations(page)).toEqual([]);

      await imports.startButton.click();
      await expect(page).toHaveURL(/\/profiles\/import\/[0-9a-f-]{36}$/);
      await expect(imports.heading).toHaveText('Import of hr-export.csv');
      // The page follows the import without a reload, to its end.
      await expect(imports.read).toHaveText('3 of 3 read (100%)');
      await expect(imports.count('Found')).toHaveText('2');
      await expect(imports.count('Not at Attestr')).toHaveText('1');
      await expect(imports.finished).toBeVisible();
      await expect(imports.unknownIds).toHaveText([UNKNOWN_ID]);
      expect(await seriousViolations(page)).toEqual([]);
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download these IDs (CSV)' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('unknown-hr-export.csv');

      await profilesPage.goto();
      await profilesPage.findInput.fill(`meera ${surname.slice(0, 5).toLowerCase()}`);
      await expect(profilesPage.findResult(new RegExp(`Meera ${surname}`))).toBeVisible();
      await expect(profilesPage.findStatus).toHaveText('1 profile found.');
    });
  });
}

test.describe('Import profile IDs, as HR', () => {
  test.use({ role: 'hr' });

  test('HR has no link to it and is told it has no access', async ({ page, profilesPage }) => {
    await profilesPage.goto();
    await expect(page.getByRole('link', { name: /import profile IDs/i })).toHaveCount(0);
    await page.goto('/profiles/import');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('You don’t have access to profile imports');
    await expect(page.getByRole('region', { name: 'New import' })).toHaveCount(0);
  });
});
