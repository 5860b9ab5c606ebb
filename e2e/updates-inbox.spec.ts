import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { waitForHydration } from './pages/hydration';
import { UpdatesPage } from './pages/updates-page';
import { apiAs } from './support/api';

// A profile no other spec changes, so its updates are this spec's alone.
const PROFILE_ID = 'Fh5QyI1wLd3zVo8jUb';
const today = () => new Date().toISOString().slice(0, 10);

/** Saves a change to the profile through the console's API, as the profile form would. */
async function saveAs(role: 'hr' | 'support', changes: Record<string, string>) {
  const api = await apiAs(role);
  const loaded = await api.get(`/api/profiles/${PROFILE_ID}`);
  expect(loaded.status()).toBe(200);
  const { profile } = (await loaded.json()) as { profile: Record<'tag' | 'name' | 'email' | 'mobile', string> };
  const base = { tag: profile.tag, name: profile.name, email: profile.email ?? '', mobile: profile.mobile ?? '' };
  const response = await api.put(`/api/profiles/${PROFILE_ID}`, { data: { ...base, ...changes, base } });
  await api.dispose();
  return response.status();
}

// For volume (more than one page, a chart with known numbers), rows are written straight into
// the e2e console's SQLite file: what a year of saves would leave there, made in a moment.
function writeAttempts(rows: { id: string; at: number; outcome: string; code: string | null; tag: string }[]) {
  const db = new Database(path.join(E2E.dataDir, 'console.sqlite'));
  try {
    const ops = db.prepare('select id from "user" where email = ?').get(E2E.users.ops) as { id: string };
    const insert = db.prepare(
      `insert into update_attempt (id, request_hash, profile_id, profile_tag, actor_id, actor_role, source,
         changed_fields, requested, base, outcome, error_code, tracing_id, created_at, finished_at)
       values (?, 'e2e', 'VOLUME-PROFILE', ?, ?, 'ops', 'retry', '["name"]', '{}', '{}', ?, ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      for (const row of rows) {
        insert.run(row.id, row.tag, ops.id, row.outcome, row.code, `trace-${row.id}`, row.at, row.at + 5);
      }
    })();
  } finally {
    db.close();
  }
}

test.describe('the updates page', () => {
  test.use({ role: 'ops' });

  test('lists real saves with every filter in the address, kept on reload', async ({ page, sandbox }) => {
    const tag = `INB-${randomBytes(3).toString('hex').toUpperCase()}`;
    const held = await sandbox.getProfile(PROFILE_ID);
    await sandbox.updateProfile(PROFILE_ID, {
      tag,
      name: held.name,
      email: held.email ?? undefined,
      mobile: held.mobile ?? undefined,
    });
    expect(await saveAs('hr', { name: 'Kwame Inbox' })).toBe(200);
    await sandbox.injectFault({ kind: 'error', code: 4291, method: 'PUT' });
    expect(await saveAs('hr', { name: 'Kwame Limited' })).toBeGreaterThanOrEqual(400);
    expect(await saveAs('support', { email: 'kwame.inbox@example.com' })).toBe(200);

    const updates = new UpdatesPage(page);
    await updates.goto(`?q=${tag}`);
    await expect(updates.rows).toHaveCount(3);
    // Newest first: support's change, the refused rate limit, the first save.
    await expect(updates.rows.nth(0)).toContainText('Support');
    await expect(updates.rows.nth(0)).toContainText('Email');
    await expect(updates.rows.nth(0)).toContainText('Saved');
    await expect(updates.rows.nth(1)).toContainText('Failed');
    await expect(updates.rows.nth(1)).toContainText('4291');
    await expect(updates.rows.nth(1)).toContainText(PROFILE_ID);
    await expect(updates.rows.nth(2)).toContainText('HR');
    await expect(updates.rows.nth(2)).toContainText(tag);
    const attemptId = await updates.rows.nth(1).getAttribute('data-attempt-id');
    await expect(updates.rows.nth(1).getByRole('link')).toHaveAttribute('href', `/updates/${attemptId}`);
    await expect(updates.rows.nth(1).locator('time')).toHaveAttribute('title', /UTC$/);

    await waitForHydration(updates.filter('Outcome'));
    await updates.filter('Outcome').selectOption('failed');
    await expect(page).toHaveURL(new RegExp(`/updates\\?outcome=failed&q=${tag}$`));
    await expect(updates.rows).toHaveCount(1);
    await page.reload();
    await expect(updates.filter('Outcome')).toHaveValue('failed');
    await expect(updates.filter('Search')).toHaveValue(tag);
    await expect(updates.rows).toHaveCount(1);

    await waitForHydration(updates.filter('Outcome'));
    await updates.filter('Outcome').selectOption({ label: 'Any outcome' });
    await expect(updates.rows).toHaveCount(3);
    await updates.filter('Error code').fill('4291');
    await updates.apply();
    await expect(page).toHaveURL(new RegExp(`code=4291`));
    await expect(updates.rows).toHaveCount(1);

    await updates.filter('Error code').fill('');
    await updates.filter('Source').selectOption('retry');
    await expect(page).toHaveURL(/source=retry/);
    await expect(page.getByText('No updates match these filters.')).toBeVisible();
    await updates.filter('Source').selectOption('form');
    await expect(updates.rows).toHaveCount(3);

    // The demo HR account made the saves above; other specs add HR people of their own.
    const hrId = await updates.filter('Who').locator('option', { hasText: 'Harper Hughes (HR)' }).getAttribute('value');
    await updates.filter('Who').selectOption(hrId as string);
    await expect(page).toHaveURL(new RegExp(`who=${hrId}`));
    await expect(updates.rows).toHaveCount(2);

    await updates.filter('From').fill(today());
    await updates.filter('To').fill(today());
    await updates.apply();
    await expect(page).toHaveURL(new RegExp(`from=${today()}&to=${today()}&q=${tag}$`));
    await expect(updates.rows).toHaveCount(2);
    await page.reload();
    await expect(updates.filter('From')).toHaveValue(today());
    await expect(updates.filter('Who')).toHaveValue(hrId as string);
    // To before From matches nothing by mistake: it is named as ignored, not answered with nothing.
    await updates.filter('To').fill('2001-01-01');
    await updates.apply();
    await expect(page.getByRole('status')).toHaveText('Ignored: To (a date is written YYYY-MM-DD, on or after From).');
    await expect(updates.rows).toHaveCount(2);
    await updates.filter('From').fill('2001-01-01');
    await updates.filter('To').fill('2001-01-01');
    await updates.apply();
    await expect(page.getByText('No updates match these filters.')).toBeVisible();

    // Works without JavaScript too: a plain GET form (empty fields stay empty in the address).
    await updates.goto(`?from=yesterday&q=${tag}`);
    await expect(page.getByRole('status')).toHaveText('Ignored: From (a date is written YYYY-MM-DD).');
    await expect(updates.rows).toHaveCount(3);
  });

  test('pages through many updates, shows their chart and exports them, formulas guarded', async ({ page }) => {
    const run = randomBytes(3).toString('hex').toUpperCase();
    const tag = `VOL-${run}`;
    const day = (n: number) => Date.parse(`2020-03-0${n}T12:00:00.000Z`);
    // 120 updates on 2 March 2020, some sharing a time; failures on 1 and 3 March.
    const rows = Array.from({ length: 120 }, (_, n) => ({
      id: `e2e-${run}-${String(n).padStart(3, '0')}`,
      at: day(2) + Math.floor(n / 3) * 1000,
      outcome: 'succeeded',
      code: null as string | null,
      tag: n === 0 ? `${tag}=HYPERLINK("http://evil.example","x")` : tag,
    }));
    rows.push(
      { id: `e2e-${run}-f1`, at: day(1), outcome: 'failed', code: '4291', tag },
      { id: `e2e-${run}-f2`, at: day(1) + 1, outcome: 'failed', code: '4291', tag },
      { id: `e2e-${run}-f3`, at: day(1) + 2, outcome: 'failed', code: '5001', tag },
      { id: `e2e-${run}-f4`, at: day(3), outcome: 'unknown', code: 'UPSTREAM_TIMEOUT', tag },
    );
    // The formula-like tag leads, so that a search by it finds that row.
    rows.push({
      id: `e2e-${run}-fx`,
      at: day(3) + 10,
      outcome: 'succeeded',
      code: null,
      tag: `=HYPERLINK("http://evil.example/${run}","x")`,
    });
    writeAttempts(rows);

    const updates = new UpdatesPage(page);
    await updates.goto(`?q=${tag}&from=2020-03-01&to=2020-03-03`);
    await expect(updates.rows).toHaveCount(50);
    const seen = new Set(await updates.attemptIds());
    await updates.nextPage.click();
    await expect(page).toHaveURL(/after=/);
    await expect(updates.rows).toHaveCount(50);
    for (const id of await updates.attemptIds()) seen.add(id);
    await page.reload();
    await expect(updates.rows).toHaveCount(50);
    await updates.nextPage.click();
    await expect(updates.rows).toHaveCount(24);
    for (const id of await updates.attemptIds()) seen.add(id);
    expect(seen.size).toBe(124);
    await expect(updates.nextPage).toHaveCount(0);
    await page.getByRole('link', { name: 'Back to newest' }).click();
    await expect(page).not.toHaveURL(/after=/);
    await expect(updates.rows.first()).toHaveAttribute('data-attempt-id', `e2e-${run}-f4`);

    // The chart: failures per day and code over the chosen days.
    await expect(page.getByText('Failures by error code per day, 1 Mar – 3 Mar (UTC): 4')).toBeVisible();
    await page.getByText('The numbers').click();
    const numbers = page.getByRole('table', { name: 'Failures by day and error code' });
    const cells = await numbers
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent)));
    expect(cells).toEqual([
      ['2020-03-01', '4291', '2'],
      ['2020-03-01', '5001', '1'],
      ['2020-03-03', 'UPSTREAM_TIMEOUT', '1'],
    ]);
    await expect(page.locator('svg rect title').first()).toHaveText('1 Mar: 2 with 4291');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`updates-${today()}.csv`);
    const csv = readFileSync(await download.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^Time \(UTC\),Attempt ID,Profile ID,Number,Tag,Name,Who,Role,/);
    expect(csv).toHaveLength(125);
    expect(csv.some((line) => line.includes(`,"${tag}=HYPERLINK(""http://evil.example"",""x"")",`))).toBe(true);

    await updates.goto(`?q=${encodeURIComponent(`=HYPERLINK("http://evil.example/${run}"`)}`);
    await expect(updates.rows).toHaveCount(1);
    const [guarded] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const lines = readFileSync(await guarded.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example/${run}"",""x"")",`);
  });

  test('the header counts open failures on every page, for operations', async ({ page }) => {
    await page.goto('/profiles');
    const count = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^[\d,]+ open failures?$/ });
    const before = Number((await count.textContent())?.replace(/\D/g, ''));
    writeAttempts([
      {
        id: `e2e-open-${randomBytes(4).toString('hex')}`,
        at: Date.now(),
        outcome: 'failed',
        code: '5001',
        tag: 'OPEN-COUNT',
      },
    ]);
    await page.goto('/account');
    await expect(count).toHaveAccessibleName(
      `${(before + 1).toLocaleString('en')} open ${before + 1 === 1 ? 'failure' : 'failures'}`,
    );
    await count.click();
    await expect(page).toHaveURL(/\/updates\?outcome=open$/);
    const after = before + 1;
    await expect(page.getByTestId('open-failures')).toHaveText(
      `${after.toLocaleString('en')} open ${after === 1 ? 'failure' : 'failures'}`,
    );
    await expect(page.getByRole('combobox', { name: 'Outcome' })).toHaveValue('open');
  });

  for (const width of [1280, 390]) {
    test(`fits a ${width} px screen without sideways scrolling`, async ({ page }) => {
      const run = randomBytes(3).toString('hex');
      writeAttempts(
        ['succeeded', 'failed', 'unknown'].map((outcome, n) => ({
          id: `e2e-width-${run}-${n}`,
          at: Date.now() - n * 60_000,
          outcome,
          code: outcome === 'failed' ? '4291' : null,
          tag: `WIDTH-${run}-a-rather-long-tag-to-wrap`,
        })),
      );
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/updates');
      // A table on a wide screen, a card per update on a phone.
      const row = width > 700 ? 'tbody tr' : '[data-attempt-card]';
      await expect(page.getByRole('region', { name: 'Updates' }).locator(row).first()).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: 'Updates' })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: test.info().outputPath(`updates-${width}.png`), fullPage: true });
    });
  }
});

test.describe('who sees which updates', () => {
  test('admin sees everyone’s, with the count in the header', async ({ browser, sessionFor }) => {
    const context = await browser.newContext({ storageState: await sessionFor('admin') });
    const page = await context.newPage();
    await page.goto('/updates');
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Updates', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^[\d,]+ open failures?$/ }),
    ).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Who' })).toBeVisible();
    await context.close();
  });

  test('HR sees everyone’s to read, with no actions and no count in the header', async ({ browser, sessionFor }) => {
    await saveAs('support', { email: 'kwame.hr-view@example.com' });
    const context = await browser.newContext({ storageState: await sessionFor('hr') });
    const page = await context.newPage();
    const updates = new UpdatesPage(page);
    await updates.goto(`?q=${PROFILE_ID}`);
    await expect(updates.rows.filter({ hasText: 'Support' }).first()).toBeVisible();
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^[\d,]+ open failures?$/ }),
    ).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('button')).toHaveText(['Apply filters']);
    await context.close();
  });

  test('support sees only its own updates, in the page and in the export', async ({ browser, sessionFor }) => {
    expect(await saveAs('hr', { name: 'Kwame by HR' })).toBe(200);
    expect(await saveAs('support', { email: 'kwame.own@example.com' })).toBe(200);
    const context = await browser.newContext({ storageState: await sessionFor('support') });
    const page = await context.newPage();
    const updates = new UpdatesPage(page);
    await updates.goto(`?q=${PROFILE_ID}`);
    await expect(page.getByText('You see your own updates only.')).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Who' })).toHaveCount(0);
    await expect(
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^[\d,]+ open failures?$/ }),
    ).toHaveCount(0);
    expect(await updates.rows.count()).toBeGreaterThan(0);
    // The Who column: support's own saves only, none of HR's just before.
    const who = updates.rows.locator('td:nth-child(3)');
    for (const cell of await who.all()) await expect(cell).toContainText('Support');
    await expect(who.filter({ hasText: 'HR' })).toHaveCount(0);

    const exported = await context.request.get(`/api/updates/export?q=${PROFILE_ID}`);
    expect(exported.status()).toBe(200);
    const lines = (await exported.text()).trim().split('\r\n').slice(1);
    expect(lines.length).toBe(await updates.rows.count());
    for (const line of lines) expect(line).toContain(',Support,');
    await context.close();
  });
});
