import path from 'node:path';

import Database from 'better-sqlite3';

import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, recordProfileUpdates, test } from './fixtures/test';

const { gitanjali } = SEED;
const onUpdate = { method: 'PUT', pathIncludes: gitanjali.id } as const;
const onRead = { method: 'GET', pathIncludes: gitanjali.id } as const;

test.describe('Attestr refusing or failing a save', () => {
  test('rate limit 4291: the edits are kept and a later save succeeds', async ({ page, sandbox, profilePage }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    await sandbox.configure({ rateLimitPerSecond: { account: 0 } });

    await profilePage.setField('Email', 'gitanjali@example.org');
    await profilePage.setField('Tag', 'AA-9999');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: try again shortly',
      message: 'Too many requests in a short time.',
      attestrMessage: 'Maximum account rate limit exceeded',
      code: 4291,
      httpStatus: 429,
      advice: 'Wait a few seconds and save again; your edits are kept.',
    });
    await expect(profilePage.field('Email')).toHaveValue('gitanjali@example.org');
    await expect(profilePage.field('Tag')).toHaveValue('AA-9999');
    await expect(profilePage.saveButton).toBeEnabled();
    await expect(profilePage.formStatus).toHaveText('Not saved: see the result');

    await sandbox.configure({ rateLimitPerSecond: { account: null } });
    expect((await sandbox.getProfile(gitanjali.id)).email, 'nothing was saved').toBe(gitanjali.email);
    await profilePage.saveButton.click();

    await profilePage.result.expectSaved();
    await expect(profilePage.result.change('Email')).toHaveText([gitanjali.email, 'gitanjali@example.org']);
    await expect(profilePage.result.change('Tag')).toHaveText([gitanjali.tag, 'AA-9999']);
    expect(updates).toHaveLength(2);
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ email: 'gitanjali@example.org', tag: 'AA-9999' });
  });

  test('the console holding its Attestr calls back: the wait in plain words, nothing sent', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await profilePage.setField('Name', 'G. Raheja');
    // As if Attestr had told another instance to wait 30 seconds (a 429 with Retry-After): the
    // shared back-off, kept as lib/attestr/budget.ts's BACKOFF_KEY in the console's database.
    const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
    const backoff = 'attestr-backoff:all';
    db.prepare('insert or replace into attestr_budget (key, points, expire) values (?, 2, ?)').run(
      backoff,
      Date.now() + 30_000,
    );
    try {
      await profilePage.saveButton.click();
      await profilePage.result.expectError({
        heading: 'Not saved: try again shortly',
        message: 'The console has used its share of Attestr’s limit for the moment',
        code: 'ATTESTR_BUDGET_WAIT',
        source: 'Console',
        httpStatus: 429,
        advice: /^What to do: Nothing was sent, and your edits are kept\. You can try again in (2\d|30) seconds\.$/,
      });
      await expect(profilePage.field('Name')).toHaveValue('G. Raheja');
      expect((await sandbox.getProfile(gitanjali.id)).name, 'nothing was saved').toBe(gitanjali.name);
    } finally {
      db.prepare('delete from attestr_budget where key = ?').run(backoff);
      db.close();
    }
  });

  test('rate limit injected as a 4291 answer to the update', async ({ sandbox, profilePage }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'error', code: 4291, ...onUpdate });

    await profilePage.setField('Name', 'G. Raheja');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: try again shortly',
      message: 'Too many requests in a short time.',
      attestrMessage: 'Maximum account rate limit exceeded',
      code: 4291,
      httpStatus: 429,
      advice: 'Wait a few seconds and save again',
    });
    await expect(profilePage.field('Name')).toHaveValue('G. Raheja');

    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    expect((await sandbox.getProfile(gitanjali.id)).name).toBe('G. Raheja');
  });

  test('5001: Attestr’s message, code and status, advice to quote the tracing ID, and the tracing ID', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'error5001', ...onUpdate });

    await profilePage.setField('Mobile', '+91 88889 99970');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: try again shortly',
      message: 'Attestr had a problem on its side and could not complete the request.',
      attestrMessage: 'Request could not be processed',
      code: 5001,
      httpStatus: 500,
      advice: /tell an administrator and give them the tracing ID \(under Technical details\)/,
    });
    await expect(profilePage.result.tracingId).toHaveText(/^[0-9a-f-]{36}$/);
    await expect(profilePage.field('Mobile')).toHaveValue('+91 88889 99970');

    // The tracing ID can be copied for a support ticket.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const tracingId = await profilePage.result.tracingId.textContent();
    await profilePage.result.copyTracingIdButton.click();
    await expect(profilePage.result.copyTracingIdButton).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(tracingId);
  });

  test('an undocumented code: the console’s sentence, and Attestr’s own words with its code beside it', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'unknownCode', ...onUpdate });

    await profilePage.setField('Name', 'G. Raheja');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: an administrator must act',
      message: 'Attestr returned an error the console does not recognise',
      attestrMessage: 'Request rejected by policy',
      attestrCode: 4999,
      code: 'UPSTREAM_UNKNOWN_ERROR',
      source: 'Console',
      httpStatus: 400,
      advice: 'An administrator must raise this with Attestr support',
    });
    await expect(profilePage.field('Name')).toHaveValue('G. Raheja');
  });

  test('Attestr’s words are shown as text, never as markup, and a long message wraps on a phone', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const words =
      '<img src=x onerror="window.__attestrInjected=1"><b>Profile</b> is archived already & operation not allowed: ' +
      `see ${'https://attestr.example/profiles/archived/'.repeat(4)}AX1LgghsxZsJZUwYvN`;
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'error', code: 40038, message: words, ...onUpdate });

    await profilePage.setField('Name', 'G. Raheja');
    await profilePage.saveButton.click();

    await expect(profilePage.result.errorMessage).toHaveText('This profile is archived at Attestr.');
    await expect(profilePage.result.attestrSaid).toHaveText(`Attestr said: “${words}” (40038)`);
    await expect(profilePage.result.attestrSaid).toBeInViewport();
    await expect(profilePage.result.region.locator('img, b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __attestrInjected?: number }).__attestrInjected)).toBeUndefined();
    // Wrapped inside the panel: nothing sticks out of it, and the page does not scroll sideways.
    const panel = await profilePage.result.region.boundingBox();
    const said = await profilePage.result.attestrSaid.boundingBox();
    expect(said!.x + said!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  test('4016: the heading says an administrator must act, and the person is not blamed', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'error', code: 4016, ...onUpdate });

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: an administrator must act',
      message: 'Attestr did not accept the console’s access key.',
      attestrMessage: 'Invalid client authorization',
      code: 4016,
      httpStatus: 401,
      advice: 'nothing you typed is at fault',
    });
    await expect(profilePage.result.advice).toContainText(
      'An administrator must replace the console’s Attestr access key',
    );
    await expect(profilePage.result.advice).not.toContainText('ATTESTR_');
    // No field is marked wrong: the fault is the console's configuration.
    for (const label of ['Tag', 'Name', 'Email', 'Mobile'] as const) {
      await expect(profilePage.field(label)).not.toHaveAttribute('aria-invalid');
    }
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
  });

  test('daily limit 4293: the heading speaks of the daily limit, never of trying again shortly', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.configure({ dailyLimit: { account: 0 } });

    await profilePage.setField('Name', 'G. Raheja');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Not saved: the daily limit is used up',
      message: 'The account has used up its allowance of requests for today.',
      attestrMessage: 'Maximum account daily limit exceeded',
      code: 4293,
      httpStatus: 429,
      advice: 'Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
    });
    await expect(profilePage.result.region).not.toContainText(/shortly|few seconds/);
    await expect(profilePage.field('Name')).toHaveValue('G. Raheja');
  });

  test('4001 without details: no field is marked, so the advice does not point at highlighted fields', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'error', code: 4001, ...onUpdate });

    await profilePage.setField('Email', 'gitanjali@example.org');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'The changes were not saved',
      message: 'Attestr did not accept one or more of the values.',
      attestrMessage: 'Malformed data or missing required parameter values',
      code: 4001,
      httpStatus: 400,
      advice: 'Check each field, especially the email and mobile formats, then save again.',
    });
    await expect(profilePage.result.region).not.toContainText(/highlighted/);
    for (const label of ['Tag', 'Name', 'Email', 'Mobile'] as const) {
      await expect(profilePage.field(label)).not.toHaveAttribute('aria-invalid');
    }
  });

  test('an HTML 502 from a gateway: the outcome is unknown, and Check at Attestr finds the change is not there', async ({
    sandbox,
    profilePage,
  }) => {
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'html502', ...onUpdate });

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');
    await profilePage.saveButton.click();

    await profilePage.result.expectError({
      heading: 'Save not confirmed: check at Attestr',
      message: 'Attestr did not confirm whether it saved your changes',
      code: 'UPDATE_OUTCOME_UNKNOWN',
      httpStatus: 502,
      advice: 'Check at Attestr to see whether they are there',
      source: 'Console',
    });
    await expect(profilePage.result.detail('Details')).toContainText('HTML page');
    // The gateway's page is described, never shown.
    await expect(profilePage.result.region).not.toContainText(/<html|<center|nginx|Bad Gateway/i);

    await profilePage.result.checkAtAttestrButton.click();
    await expect(profilePage.result.region).toContainText('your changes are not at Attestr');
    await expect(profilePage.result.advice).toContainText('Nothing was changed, and your edits are still in the form');
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ name: gitanjali.name });

    await profilePage.saveButton.click();
    await profilePage.result.expectSaved();
    expect(await sandbox.getProfile(gitanjali.id)).toMatchObject({ name: 'Gitanjali Raheja Kapoor' });
  });

  test('Attestr applying the update but never answering: progress while waiting, then Check at Attestr settles it as saved', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    const updates = recordProfileUpdates(page);
    await profilePage.goto(gitanjali.id);
    await sandbox.injectFault({ kind: 'hang', afterApplying: true, ...onUpdate });

    await profilePage.setField('Name', 'Gitanjali Raheja Kapoor');
    await profilePage.saveButton.click();
    await expect(profilePage.formStatus).toHaveText('Saving…');
    // The console gives up after ATTESTR_TIMEOUT_MS (3 s in the e2e server); before that the
    // person is told what it is waiting for.
    await expect(profilePage.formStatus).toHaveText('Still waiting for Attestr…');

    await profilePage.result.expectError({
      heading: 'Save not confirmed: check at Attestr',
      message: 'Attestr did not confirm whether it saved your changes',
      code: 'UPDATE_OUTCOME_UNKNOWN',
      httpStatus: 504,
      advice: 'Check at Attestr to see whether they are there before saving again',
      source: 'Console',
    });
    await expect(profilePage.result.detail('Details')).toHaveText(
      'Attestr did not answer in time: No answer within 3 seconds.',
    );
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');

    await profilePage.result.checkAtAttestrButton.click();
    await expect(profilePage.result.region).toContainText('your changes are at Attestr');
    await expect(profilePage.result.savedBadge).toBeVisible();
    await expect(profilePage.result.change('Name')).toHaveText([gitanjali.name, 'Gitanjali Raheja Kapoor']);
    await expect(profilePage.formStatus).toHaveText('All changes saved');
    await expect(profilePage.field('Name')).toHaveValue('Gitanjali Raheja Kapoor');
    // Settled by reading: the update was not sent a second time.
    expect(updates).toHaveLength(1);
  });
});

test.describe('Attestr refusing or failing while the profile loads', () => {
  const cases = [
    {
      name: 'rate limit 4292',
      fault: { kind: 'error', code: 4292 },
      said: 'Attestr said: “Maximum API rate limit exceeded” (4292)',
      heading: 'The profile could not be loaded: try again shortly',
      advice: 'Wait a few seconds, then try loading the profile again.',
    },
    {
      name: 'an HTML 502 from a gateway',
      fault: { kind: 'html502' },
      said: null,
      heading: 'The profile could not be loaded: try again shortly',
      advice: 'This is usually a short outage on the way to Attestr. Try loading the profile again in a minute.',
    },
    {
      name: '5001',
      fault: { kind: 'error5001' },
      said: 'Attestr said: “Request could not be processed” (5001)',
      heading: 'The profile could not be loaded: try again shortly',
      advice:
        'Try loading the profile again in a minute; if it keeps failing, tell an administrator and give them the tracing ID (under Technical details), which Attestr support asks for.',
    },
    {
      name: 'daily limit 4294',
      fault: { kind: 'error', code: 4294 },
      said: 'Attestr said: “Maximum API daily limit exceeded” (4294)',
      heading: 'The profile could not be loaded: the daily limit is used up',
      advice: 'Try again tomorrow, or ask an administrator to raise the limit with Attestr.',
    },
    {
      name: '4016',
      fault: { kind: 'error', code: 4016 },
      said: 'Attestr said: “Invalid client authorization” (4016)',
      heading: 'The profile could not be loaded: an administrator must act',
      advice: 'An administrator must replace the console’s Attestr access key',
    },
  ] as const;

  for (const { name, fault, said, heading, advice } of cases) {
    test(`${name}: advice about loading, not saving, and loading again works`, async ({
      page,
      sandbox,
      profilePage,
    }) => {
      await sandbox.injectFault({ ...fault, ...onRead });

      await page.goto(`/profiles/${gitanjali.id}`);

      await expect(profilePage.heading).toHaveText(heading);
      await expect(profilePage.loadErrorAdvice).toContainText(advice);
      await expect(page.getByRole('main')).not.toContainText(/\bsav(e|ed|ing)\b|your edits|your changes/i);
      // Attestr's own words and code, read without a click; none for a gateway's page.
      const attestrSaid = page.getByRole('main').getByTestId('attestr-said');
      if (said) await expect(attestrSaid).toHaveText(said);
      else await expect(attestrSaid).toHaveCount(0);
      // Besides Attestr's words, what a person reads names no status, format or setting: those are folded away.
      const read = await page.getByRole('main').innerText();
      expect(read).not.toMatch(/\b(HTTP|HTML|JSON)\b|ATTESTR_|Console code|Attestr code|\b[45]\d\d\b/);
      await expect(page.getByRole('main').locator('details summary')).toHaveText('Technical details');
      await expect(profilePage.form).toHaveCount(0);

      await profilePage.tryLoadingAgainLink.click();
      await profilePage.waitUntilReady();
      await expect(profilePage.heading).toHaveText(gitanjali.name);
    });
  }
});

test.describe('Technical details of a profile that did not load', () => {
  test('folded away, with the code, the status and a copyable tracing ID; Attestr’s words shown above', async ({
    page,
    sandbox,
    profilePage,
  }) => {
    await sandbox.injectFault({ kind: 'error', code: 4016, ...onRead });
    await page.goto(`/profiles/${gitanjali.id}`);
    await expect(profilePage.heading).toHaveText('The profile could not be loaded: an administrator must act');
    await expect(page.getByTestId('error-summary')).toHaveText('Attestr did not accept the console’s access key.');

    const details = page.getByRole('main').locator('details');
    await expect(details).not.toHaveAttribute('open');
    // Attestr's words and code are not folded away with the rest.
    await expect(page.getByTestId('attestr-said')).toHaveText('Attestr said: “Invalid client authorization” (4016)');
    await expect(details.getByText('ATTESTR_AUTH_TOKEN', { exact: false })).toBeHidden();
    await details.getByText('Technical details').click();
    const value = (label: string) =>
      details.locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
    await expect(value('Attestr code')).toHaveText('4016');
    await expect(value('HTTP status')).toHaveText('401');
    await expect(value('Attestr’s message')).toHaveCount(0);
    await expect(value('Where to look')).toContainText('ATTESTR_AUTH_TOKEN');
    await expect(value('Profile ID')).toHaveText(gitanjali.id);
    const tracingId = details.locator('code');
    await expect(tracingId).toHaveText(/^[0-9a-f-]{36}$/);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await details.getByRole('button', { name: 'Copy tracing ID' }).click();
    await expect(details.getByRole('button', { name: 'Copy tracing ID' })).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await tracingId.textContent());
  });
});
