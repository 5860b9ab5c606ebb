import { SEED } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import { ProfilePage } from './pages/profile-page';

const { gitanjali } = SEED;
const seeded = { tag: gitanjali.tag, name: gitanjali.name, email: gitanjali.email, mobile: gitanjali.mobile };

test.describe('Every save safe and true', () => {
  test('two people saving one profile at the same moment both keep their change', async ({
    browser,
    sessionFor,
    sandbox,
    profilePage,
  }) => {
    // The sandbox answers slowly, so two unserialised saves would both read before either writes.
    await sandbox.configure({ latencyMs: 150 });
    const colleague = await browser.newContext({ storageState: await sessionFor('admin') });
    try {
      const other = new ProfilePage(await colleague.newPage());
      await profilePage.goto(gitanjali.id);
      await other.goto(gitanjali.id);
      await profilePage.setField('Email', 'g.raheja@company.example');
      await other.setField('Name', 'Gitanjali Raheja-Kapoor');

      await Promise.all([profilePage.saveButton.click(), other.saveButton.click()]);
      await profilePage.result.expectSaved();
      await other.result.expectSaved();

      expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({
        email: 'g.raheja@company.example',
        name: 'Gitanjali Raheja-Kapoor',
      });
    } finally {
      await colleague.close();
    }
  });

  test('a background refetch does not move what the person started from: a colleague’s change to the same field is a conflict, not an overwrite', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    await page.clock.install();
    await profilePage.goto(gitanjali.id);
    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');

    await sandbox.updateProfile(gitanjali.id, { ...seeded, name: 'Gita Raheja' });
    await profilePage.refetchInBackground(gitanjali.id);
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');

    await profilePage.saveButton.click();
    await expect(profilePage.result.errorMessage).toHaveText('Someone else changed this profile after you opened it');
    await expect(await profilePage.errorFor('Name')).toHaveText(/changed this to “Gita Raheja”/);
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ name: 'Gita Raheja' });

    // Having seen theirs, the person saves again: theirs is replaced.
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ name: 'Gitanjali Raheja Kapoor' });
  });

  test('after a save the panel shows what Attestr holds, and says so when it kept a value that was removed', async ({
    sandbox,
    profilePage,
  }) => {
    // Attestr's docs do not say what a left-out email does; this sandbox keeps it.
    await sandbox.configure({ leftOutFields: 'keep' });
    await profilePage.goto(gitanjali.id);
    await profilePage.setField('Email', '');
    await profilePage.setField('Name', 'Gitanjali R.');
    await profilePage.saveButton.click();

    // Not an unqualified success: the person is told what differs and what to do.
    await expect(profilePage.result.savedBadge).toHaveCount(0);
    await expect(profilePage.result.region.getByText('Saved with a difference', { exact: true })).toBeVisible();
    await expect(profilePage.result.advice).toContainText('Attestr kept a value you removed');
    await expect(profilePage.result.advice).toContainText('Your other changes are saved');
    const email = profilePage.result.changes.getByRole('row', { name: /^Email/ });
    await expect(email).toContainText('You removed it, but Attestr kept it.');
    await expect(profilePage.result.change('Email')).toHaveText([gitanjali.email, gitanjali.email]);
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali R.']);
    // The form starts the next edit from what Attestr holds.
    await expect(profilePage.field('Email')).toHaveValue(gitanjali.email);
    await expect(profilePage.formStatus).toHaveText('Saved: Attestr holds a value differently');
  });

  test('a reason given with a save is accepted, and the field empties for the next one', async ({ profilePage }) => {
    await profilePage.goto(gitanjali.id);
    await profilePage.setField('Name', 'Gitanjali R.');
    const reason = profilePage.form.getByLabel('Reason (optional)');
    await reason.fill('TICKET-4812');
    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    await expect(profilePage.result.region).toContainText('Reason: TICKET-4812');
    await expect(reason).toHaveValue('');
  });

  for (const viewport of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'laptop', width: 1280, height: 800 },
  ]) {
    test(`on a ${viewport.name}, a save with a long email is brought into view and nothing runs off the page`, async ({
      page,
      profilePage,
    }) => {
      await page.setViewportSize(viewport);
      await profilePage.goto(gitanjali.id);
      const long = `gitanjali.raheja.${'very-long-part.'.repeat(4)}example@a-long-company-domain-name.example`;
      await profilePage.setField('Email', long);
      await profilePage.saveButton.click();

      await profilePage.result.expectSaved();
      await expect(profilePage.result.region).toBeInViewport();
      await expect(profilePage.formStatus).toHaveText('All changes saved');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      const table = await profilePage.result.changes.evaluate((element) => ({
        table: element.getBoundingClientRect().right,
        card: element.closest('section')!.getBoundingClientRect().right,
      }));
      expect(table.table, 'the table of changes stays inside its card').toBeLessThanOrEqual(table.card);
      await page.screenshot({ path: `test-results/save-${viewport.name}.png`, fullPage: true });
    });
  }
});

test('a value Attestr holds that the console would refuse does not stop a change to another field', async ({
  sandbox,
  profilePage,
}) => {
  // A mobile from before the console checked numbers: the phone library rejects it.
  await sandbox.updateProfile(gitanjali.id, { ...seeded, mobile: '+10000000000' });
  await profilePage.goto(gitanjali.id);
  await profilePage.setField('Name', 'Gitanjali R.');
  await profilePage.saveButton.click();
  await profilePage.result.expectSaved();
  expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ name: 'Gitanjali R.', mobile: '+10000000000' });
});
