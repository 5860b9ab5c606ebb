import { randomUUID } from 'node:crypto';

import { SEED, type SandboxControl, type SandboxFault } from './fixtures/sandbox';
import { expect, test } from './fixtures/test';
import { UpdatePage } from './pages/update-page';
import { apiAs } from './support/api';

const { archived } = SEED;
type Values = Record<'tag' | 'name' | 'email' | 'mobile', string>;

/** A profile of its own, so that no other test's failures are on it. */
async function freshProfile(sandbox: SandboxControl, name: string): Promise<{ id: string; values: Values }> {
  const values = { tag: `IN-${Date.now()}`, name, email: '', mobile: '' };
  const { id } = await sandbox.createProfile({ tag: values.tag, name: values.name });
  return { id, values };
}

/** An HR person's save through the console's API, as the form makes it, with `fault` first; its attempt id. */
async function hrSave(input: {
  sandbox: SandboxControl;
  profile: { id: string; values: Values };
  changes: Partial<Values>;
  fault?: SandboxFault;
  expectStatus: number;
}): Promise<string> {
  if (input.fault) await input.sandbox.injectFault(input.fault);
  const api = await apiAs('hr');
  const attemptId = randomUUID();
  const response = await api.put(`/api/profiles/${input.profile.id}`, {
    data: { ...input.profile.values, ...input.changes, base: input.profile.values },
    headers: { 'Idempotency-Key': attemptId },
  });
  expect(response.status(), await response.text()).toBe(input.expectStatus);
  await api.dispose();
  return attemptId;
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`the inbox stays true, at ${viewport.width} px`, () => {
    test.use({ role: 'ops', viewport });

    test('a retry that saves comes first on its page, and closes another failure of the same field, with a linked note and the header’s count dropping at once', async ({
      page,
      sandbox,
    }) => {
      const profile = await freshProfile(sandbox, 'Ines Inbox');
      const onUpdate = { method: 'PUT', pathIncludes: profile.id } as const;
      const earlier = await hrSave({
        sandbox,
        profile,
        changes: { name: 'I. Inbox' },
        fault: { kind: 'error', code: 4291, ...onUpdate },
        expectStatus: 429,
      });
      const failed = await hrSave({
        sandbox,
        profile,
        changes: { name: 'Ines N. Inbox' },
        fault: { kind: 'error5001', ...onUpdate },
        expectStatus: 502,
      });

      const update = new UpdatePage(page);
      await update.goto(failed);
      // On a phone the header's links are behind its Menu.
      if (viewport.width < 1024) await page.getByRole('button', { name: 'Menu' }).click();
      const count = page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: /^[\d,]+ open failures?$/ });
      const before = Number((await count.textContent())?.replace(/\D/g, ''));
      await expect(update.error.advice).toContainText('Retry sends it again.');
      await update.retryButton.click();
      await expect(update.outcome).toContainText('Sent again and saved');
      // Both close: the retried one and the earlier failure of the same field, no reload.
      await expect(count).toHaveText(new RegExp(`^${(before - 2).toLocaleString('en')} open failures?$`));

      // What came of it comes first, then the failure as it was.
      const ended = page.getByRole('region', { name: 'How it ended' });
      await expect(ended).toContainText('Sent again and saved');
      await expect(ended).toContainText('Olu Okafor sent it again at');
      const order = await page
        .getByRole('main')
        .locator('section[aria-label]')
        .evaluateAll((sections) => sections.map((section) => section.getAttribute('aria-label')));
      expect(order.indexOf('How it ended')).toBeGreaterThanOrEqual(0);
      expect(order.indexOf('How it ended')).toBeLessThan(order.indexOf('What went wrong'));
      await expect(update.since.getByTestId('resolution')).toContainText(
        'sent again and saved by Olu Okafor’s update of',
      );
      await page.screenshot({ path: `/work/shots/feature-inbox/retried-${viewport.width}.png`, fullPage: true });
      const retryLink = ended.getByRole('link', { name: 'See the retry' });
      const retryHref = await retryLink.getAttribute('href');

      await update.goto(earlier, { actions: false });
      await expect(update.badges()).toHaveText(['Failed', 'Resolved']);
      const resolution = update.since.getByTestId('resolution');
      await expect(resolution).toContainText('closed by itself. Fixed by Olu Okafor’s update of');
      await expect(resolution).not.toContainText(failed);
      const fixedBy = resolution.getByRole('link', { name: /^Olu Okafor’s update of / });
      await expect(fixedBy).toHaveAttribute('href', retryHref ?? '');
      await expect(page.getByRole('region', { name: 'How it ended' })).toContainText('Fixed by a later update');
      await expect(update.retryButton).toHaveCount(0);
      await page.screenshot({ path: `/work/shots/feature-inbox/superseded-${viewport.width}.png`, fullPage: true });
      await fixedBy.click();
      await expect(page).toHaveURL(retryHref ?? '');
      await expect(update.badges()).toHaveText(['Saved']);
    });

    test('an archived profile’s failure offers no Retry, only Resolve, and Retry all says it leaves it out', async ({
      page,
      sandbox,
    }) => {
      const current = await sandbox.getProfile(archived.id);
      const profile = {
        id: archived.id,
        values: { tag: current.tag, name: current.name, email: current.email ?? '', mobile: current.mobile ?? '' },
      };
      const attemptId = await hrSave({ sandbox, profile, changes: { name: 'R. Mehta' }, expectStatus: 409 });
      const update = new UpdatePage(page);
      await update.goto(attemptId);
      await expect(update.badges()).toHaveText(['Failed', 'Open']);
      await expect(update.retryButton).toHaveCount(0);
      await expect(update.resolveButton).toBeVisible();
      await expect(update.cannotChangeButton).toBeVisible();
      // Operations may change no field themselves: nothing to open in the form.
      await expect(update.openInFormLink).toHaveCount(0);
      await expect(update.error.advice).toContainText('Sending it again cannot help');
      await page.screenshot({ path: `/work/shots/feature-inbox/archived-${viewport.width}.png`, fullPage: true });

      await page.goto('/updates');
      await expect(page.getByTestId('retry-all-left-out')).toContainText(/left out: sending again cannot help/);
      await page
        .getByTestId('retry-all-left-out')
        .screenshot({ path: `/work/shots/feature-inbox/retry-all-left-out-${viewport.width}.png` });

      await update.goto(attemptId);
      await update.cannotChangeButton.click();
      await expect(update.outcome).toContainText('Resolved as one that cannot change');
    });
  });
}

test.describe('as an administrator', () => {
  test.use({ role: 'admin' });

  test('an archived profile’s failure offers Open in form and Resolve, and no Retry', async ({ page, sandbox }) => {
    const current = await sandbox.getProfile(archived.id);
    const profile = {
      id: archived.id,
      values: { tag: current.tag, name: current.name, email: current.email ?? '', mobile: current.mobile ?? '' },
    };
    const attemptId = await hrSave({ sandbox, profile, changes: { name: 'R. Mehta' }, expectStatus: 409 });
    const update = new UpdatePage(page);
    await update.goto(attemptId);
    await expect(update.openInFormLink).toBeVisible();
    await expect(update.resolveButton).toBeVisible();
    await expect(update.retryButton).toHaveCount(0);

    const api = await apiAs('admin');
    const refused = await api.post(`/api/updates/${attemptId}/retry`, { data: { retryAttemptId: randomUUID() } });
    expect(refused.status()).toBe(409);
    expect((await refused.json()) as unknown).toMatchObject({
      error: { code: 'ATTEMPT_CANNOT_SUCCEED', message: 'Sending this update again cannot help' },
    });
    await api.dispose();
  });
});
