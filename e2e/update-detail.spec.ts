import { randomUUID } from 'node:crypto';

import { signIn } from './fixtures/auth';
import { SEED, type SandboxControl, type SandboxFault } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { ProfilePage } from './pages/profile-page';
import { UpdatePage } from './pages/update-page';
import { apiAs, gitanjaliWith } from './support/api';

const { gitanjali, archived } = SEED;
const onUpdate = { method: 'PUT', pathIncludes: gitanjali.id } as const;

/**
 * An HR person's save through the console's API, as the form makes it, with the sandbox told
 * to answer the update with `fault` first; answers the attempt's id.
 */
async function hrSave(input: {
  sandbox: SandboxControl;
  changes: Parameters<typeof gitanjaliWith>[0];
  /** The profile and the values the form loaded; the seeded Gitanjali unless given. */
  profile?: { id: string; values: Record<'tag' | 'name' | 'email' | 'mobile', string> };
  fault?: SandboxFault;
  reason?: string;
  expectStatus: number;
}): Promise<string> {
  if (input.fault) await input.sandbox.injectFault(input.fault);
  const api = await apiAs('hr');
  const attemptId = randomUUID();
  const body = input.profile
    ? { ...input.profile.values, ...input.changes, base: input.profile.values }
    : gitanjaliWith(input.changes);
  const response = await api.put(`/api/profiles/${input.profile?.id ?? gitanjali.id}`, {
    data: { ...body, ...(input.reason ? { reason: input.reason } : {}) },
    headers: { 'Idempotency-Key': attemptId },
  });
  expect(response.status(), await response.text()).toBe(input.expectStatus);
  await api.dispose();
  return attemptId;
}

test.describe('an update’s page', () => {
  test.use({ role: 'ops' });

  test('shows a failed update field by field, with the same explanation and advice as the profile page', async ({
    page,
    sandbox,
  }) => {
    const attemptId = await hrSave({
      sandbox,
      changes: { name: 'G. Raheja' },
      fault: { kind: 'error5001', ...onUpdate },
      reason: 'TICKET-481',
      expectStatus: 502,
    });
    const update = new UpdatePage(page);
    await update.goto(attemptId);

    await expect(update.badges()).toHaveText(['Failed', 'Open']);
    await expect(update.valuesOf('Name')).toHaveText([gitanjali.name, 'G. Raheja', 'G. Raheja', 'not read']);
    await expect(update.valuesOf('Email')).toHaveText([gitanjali.email, '—', gitanjali.email, 'not read']);
    await expect(update.summaryValue('Who')).toHaveText('Harper Hughes (HR)');
    await expect(update.summaryValue('Reason')).toHaveText('TICKET-481');
    await expect(update.tracingId).toHaveText(/^[A-Za-z0-9_-]{8,}$/);
    await expect(page.getByRole('button', { name: 'Copy tracing ID' }).first()).toBeVisible();
    await update.error.expectError({
      heading: 'Not saved: try again shortly',
      message: 'Attestr had a problem on its side and could not complete the request.',
      attestrMessage: 'Request could not be processed',
      code: 5001,
      httpStatus: 500,
      advice: 'Retry sends it again. If it fails again, give an administrator the tracing ID',
    });
  });

  test('Retry sends it again and resolves it; a field changed since is a conflict, never overwritten', async ({
    page,
    sandbox,
  }) => {
    const update = new UpdatePage(page);
    const conflicting = await hrSave({
      sandbox,
      changes: { name: 'G. Raheja' },
      fault: { kind: 'error5001', ...onUpdate },
      expectStatus: 502,
    });
    await sandbox.updateProfile(gitanjali.id, { ...gitanjaliWith(), name: 'Gita R.' });
    await update.goto(conflicting);
    await update.retryButton.click();
    await expect(update.outcome).toContainText('Not sent: someone else changed this profile since.');
    await expect(update.outcome).toContainText('Name is now “Gita R.”');
    expect((await sandbox.getProfile(gitanjali.id)).name).toBe('Gita R.');
    await expect(update.badges()).toHaveText(['Failed', 'Open']);
    await expect(update.since).toContainText('sent again by');

    await sandbox.reset();
    const failed = await hrSave({
      sandbox,
      changes: { email: 'g.raheja@company.example' },
      fault: { kind: 'error', code: 4291, ...onUpdate },
      expectStatus: 429,
    });
    await update.goto(failed);
    await update.retryButton.click();
    await expect(update.outcome).toContainText('Sent again and saved');
    expect((await sandbox.getProfile(gitanjali.id)).email).toBe('g.raheja@company.example');
    await expect(update.badges()).toHaveText(['Failed', 'Resolved']);
    await expect(update.since.getByTestId('resolution')).toContainText(
      'sent again and saved by Olu Okafor’s update of',
    );
    await expect(update.retryButton).toHaveCount(0);
  });

  test('a retry Attestr refuses again shows Attestr’s new words and code beside the first ones', async ({
    page,
    sandbox,
  }) => {
    const attemptId = await hrSave({
      sandbox,
      changes: { name: 'G. Raheja' },
      fault: { kind: 'error5001', ...onUpdate },
      expectStatus: 502,
    });
    const update = new UpdatePage(page);
    await update.goto(attemptId);
    await expect(update.error.attestrSaid).toHaveText('Attestr said: “Request could not be processed” (5001)');

    await sandbox.injectFault({ kind: 'error', code: 4016, ...onUpdate });
    await update.retryButton.click();
    await expect(update.outcome.getByTestId('error-message')).toHaveText(
      'Attestr did not accept the console’s access key.',
    );
    await expect(update.outcome.getByTestId('attestr-said')).toHaveText(
      'Attestr said: “Invalid client authorization” (4016)',
    );
    await expect(update.outcome.locator('details')).not.toHaveAttribute('open');
  });

  test('Check at Attestr settles an update whose answer was lost, sending nothing', async ({ page, sandbox }) => {
    const attemptId = await hrSave({
      sandbox,
      changes: { name: 'G. Raheja' },
      fault: { kind: 'hang', afterApplying: true, ...onUpdate },
      expectStatus: 504,
    });
    const update = new UpdatePage(page);
    await update.goto(attemptId);
    await expect(update.badges()).toHaveText(['Not confirmed', 'Open']);
    await update.error.expectError({
      heading: 'Save not confirmed: check at Attestr',
      message: 'Attestr did not confirm whether it saved your changes',
      code: 'UPDATE_OUTCOME_UNKNOWN',
      httpStatus: 504,
      advice: 'Check at Attestr',
      source: 'Console',
    });
    await update.checkButton.click();
    await expect(update.outcome).toHaveText('Checked at Attestr: the change is there. Nothing was sent.');
    await expect(update.since).toContainText('the change is at Attestr');
    await expect(update.badges()).toHaveText(['Not confirmed']);
    await expect(update.actions).toContainText('Nothing is left to do: this update is resolved.');
    await expect(update.checkButton).toHaveCount(0);
    await expect(update.retryButton).toHaveCount(0);
  });

  test('Resolve with a note; an archived profile’s refusal as one that cannot change', async ({ page, sandbox }) => {
    const update = new UpdatePage(page);
    const failed = await hrSave({
      sandbox,
      changes: { name: 'G. Raheja' },
      fault: { kind: 'error5001', ...onUpdate },
      expectStatus: 502,
    });
    await update.goto(failed);
    await expect(update.cannotChangeButton).toHaveCount(0);
    await expect(update.resolveButton).toBeDisabled();
    await update.note.fill('Changed by phone with Attestr, TICKET-9');
    await update.resolveButton.click();
    await expect(update.outcome).toContainText('Resolved, with your note');
    await expect(update.since.getByTestId('resolution')).toContainText('“Changed by phone with Attestr, TICKET-9”');
    await expect(update.badges()).toHaveText(['Failed', 'Resolved']);

    const api = await apiAs('hr');
    const archivedId = randomUUID();
    const current = await sandbox.getProfile(archived.id);
    const values = { tag: current.tag, name: current.name, email: current.email ?? '', mobile: current.mobile ?? '' };
    const response = await api.put(`/api/profiles/${archived.id}`, {
      data: { ...values, name: 'R. Mehta', base: values },
      headers: { 'Idempotency-Key': archivedId },
    });
    expect(response.status()).toBe(409);
    await api.dispose();
    await update.goto(archivedId);
    await expect(update.error.region).toContainText('This profile cannot be changed');
    await expect(update.error.errorMessage).toHaveText('This profile is archived at Attestr.');
    await expect(update.error.attestrSaid).toHaveText(
      'Attestr said: “Profile is archived already, operation not allowed” (40038)',
    );
    await expect(update.error.technicalDetails).not.toHaveAttribute('open');
    await update.cannotChangeButton.click();
    await expect(update.outcome).toContainText('Resolved as one that cannot change');
    await expect(update.since.getByTestId('resolution')).toContainText('as one that cannot change');
  });

  test.describe('as an administrator', () => {
    test.use({ role: 'admin' });

    test('Open in form fills in the failed values as unsaved changes, and saving them works', async ({
      page,
      sandbox,
    }) => {
      const attemptId = await hrSave({
        sandbox,
        changes: { email: 'gitanjali@example.org', name: 'G. Raheja' },
        fault: { kind: 'error', code: 4001, ...onUpdate },
        expectStatus: 422,
      });
      // Someone else changes the mobile meanwhile: the form starts from what Attestr holds now.
      await sandbox.updateProfile(gitanjali.id, { ...gitanjaliWith(), mobile: '+918888999970' });
      const update = new UpdatePage(page);
      await update.goto(attemptId);
      await update.openInFormLink.click();

      await expect(page).toHaveURL(`/profiles/${gitanjali.id}?from=${attemptId}`);
      const profile = new ProfilePage(page);
      await profile.waitUntilReady();
      await expect(page.getByRole('note')).toContainText('They are not saved yet');
      await expect(profile.field('Email')).toHaveValue('gitanjali@example.org');
      await expect(profile.field('Name')).toHaveValue('G. Raheja');
      await expect(profile.field('Mobile')).toHaveValue('+91 88889 99970');
      await expect(profile.formStatus).toHaveText('Unsaved changes');
      await profile.saveButton.click();
      await profile.result.expectSaved();
      expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({
        email: 'gitanjali@example.org',
        name: 'G. Raheja',
        mobile: '+918888999970',
      });
    });
  });

  test.describe('roles', () => {
    test.use({ role: 'hr' });

    test('HR reads an update but gets no action buttons; support sees only its own', async ({
      page,
      sandbox,
      sessionFor,
      browser,
    }) => {
      const attemptId = await hrSave({
        sandbox,
        changes: { name: 'G. Raheja' },
        fault: { kind: 'error5001', ...onUpdate },
        expectStatus: 502,
      });
      const update = new UpdatePage(page);
      await update.goto(attemptId, { actions: false });
      await expect(update.badges()).toHaveText(['Failed', 'Open']);
      await expect(update.actions).toHaveCount(0);
      await expect(page.getByRole('button', { name: /Retry|Resolve|Check at Attestr/ })).toHaveCount(0);

      const support = await browser.newContext({ storageState: await sessionFor('support') });
      const supportPage = await support.newPage();
      const answer = await supportPage.goto(`/updates/${attemptId}`);
      expect(answer?.status()).toBe(404);
      await support.close();
    });

    test('HR who made a save Attestr refused as malformed opens it in the form to fix it', async ({
      page,
      sandbox,
    }) => {
      const attemptId = await hrSave({
        sandbox,
        changes: { name: 'G. Raheja' },
        fault: { kind: 'error', code: 4001, ...onUpdate },
        expectStatus: 422,
      });
      const update = new UpdatePage(page);
      await update.goto(attemptId, { actions: false });
      await expect(page.getByRole('button', { name: /Retry|Resolve|Check at Attestr/ })).toHaveCount(0);
      await update.openInFormLink.click();
      const profile = new ProfilePage(page);
      await profile.waitUntilReady();
      await expect(profile.field('Name')).toHaveValue('G. Raheja');
      await expect(profile.formStatus).toHaveText('Unsaved changes');
    });
  });
});

test.describe('a profile’s History', () => {
  test.use({ role: 'hr' });

  test('lists who changed which field from what to what, why, and what failed, newest first', async ({
    page,
    sandbox,
    browser,
  }) => {
    // A profile of its own, so that no other test's updates are in its history.
    const values = { tag: `HX-${Date.now()}`, name: 'Hana Historia', email: '', mobile: '+918888999978' };
    const { id } = await sandbox.createProfile({ tag: values.tag, name: values.name });
    await sandbox.updateProfile(id, { tag: values.tag, name: values.name, mobile: values.mobile });
    const profile = { id, values };
    await hrSave({ sandbox, profile, changes: { name: 'H. Historia' }, reason: 'TICKET-481', expectStatus: 200 });
    await hrSave({
      sandbox,
      profile: { id, values: { ...values, name: 'H. Historia' } },
      changes: { mobile: '+918888999970' },
      fault: { kind: 'error5001', method: 'PUT', pathIncludes: id },
      expectStatus: 502,
    });
    const profilePage = new ProfilePage(page);
    await profilePage.goto(id);
    const history = page.getByRole('region', { name: 'History' });
    await expect(history.locator('ol > li')).toHaveCount(2);
    const [newest, oldest] = [history.locator('ol > li').nth(0), history.locator('ol > li').nth(1)];
    await expect(oldest).toContainText('Name: “Hana Historia” → “H. Historia”');
    await expect(oldest).toContainText('Reason: TICKET-481');
    await expect(oldest).toContainText('(HR)');
    await expect(oldest).toContainText('Saved');
    await expect(newest).toContainText('Mobile: “+91 88889 99978” → “+91 88889 99970”');
    await expect(newest).toContainText('Failed');
    await expect(newest).toContainText('Attestr had a problem on its side and could not complete the request.');
    await expect(newest.getByTestId('attestr-said')).toHaveText(
      'Attestr said: “Request could not be processed” (5001)',
    );
    await expect(oldest.getByTestId('attestr-said')).toHaveCount(0);
    await expect(oldest.getByRole('link', { name: 'Details' })).toHaveCount(1);

    // Support sees only its own updates, here as on the updates page: none of HR's values or reasons.
    const support = await browser.newContext({ baseURL: E2E.baseUrl, storageState: await signIn('support') });
    const supportPage = await support.newPage();
    await new ProfilePage(supportPage).goto(id);
    const supportHistory = supportPage.getByRole('region', { name: 'History' });
    await expect(supportHistory).toContainText('You have made no changes to this profile from the console.');
    await expect(supportHistory).not.toContainText('TICKET-481');
    await expect(supportHistory).not.toContainText('H. Historia');
    await support.close();
  });
});
