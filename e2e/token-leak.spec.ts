import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { gitanjaliWith } from './support/api';

/**
 * The Attestr token authorises every call the company can make, so it must stay on the
 * server: not in built assets, pages, flight payloads, API answers or error bodies.
 */
const TOKEN = E2E.canaryToken;

const pages = ['/profiles', `/profiles/${SEED.gitanjali.id}`, `/profiles/${SEED.archived.id}`];

function distDir(): string {
  const root = path.dirname(test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
  return path.resolve(root, process.env.NEXT_DIST_DIR || '.next');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** The answer as a browser would get it: status line, headers and body. */
async function wholeAnswer(response: APIResponse): Promise<string> {
  const headers = response
    .headersArray()
    .map(({ name, value }) => `${name}: ${value}`)
    .join('\n');
  return `${response.status()}\n${headers}\n\n${await response.text()}`;
}

/** Every /_next/static asset a page refers to: script tags, preloads and chunk lists. */
function staticAssetsIn(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) found.add(match[1]!);
  for (const match of html.matchAll(/\/?_next\/static\/[A-Za-z0-9_./~-]+\.(?:js|css)/g)) {
    found.add(match[0].startsWith('/') ? match[0] : `/${match[0]}`);
  }
  for (const match of html.matchAll(/"(static\/chunks\/[A-Za-z0-9_./~-]+\.js)"/g)) found.add(`/_next/${match[1]}`);
  return [...found];
}

/** The React Server Components payloads inlined in a page. */
function flightPayloads(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>(self\.__next_f\.push\([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
}

/** An update as the console's own page sends it (same-origin, with the session cookie). */
async function put(request: APIRequestContext, profileId: string, data: unknown): Promise<APIResponse> {
  return request.put(`/api/profiles/${profileId}`, { data, headers: { 'Sec-Fetch-Site': 'same-origin' } });
}

test.describe('The Attestr token never reaches a browser', () => {
  test('no file under the build’s static folder contains it', async ({ page }) => {
    const staticDir = path.join(distDir(), 'static');
    const files = await listFiles(staticDir);
    expect(files.length, `files read under ${staticDir}`).toBeGreaterThan(0);

    const leaking: string[] = [];
    for (const file of files) {
      if ((await readFile(file)).includes(TOKEN)) leaking.push(path.relative(staticDir, file));
    }
    expect(leaking).toEqual([]);

    // The folder scanned is the build being served: every script the page loads is in it.
    const html = await (await page.request.get('/profiles')).text();
    const scripts = staticAssetsIn(html).filter((src) => src.startsWith('/_next/static/'));
    expect(scripts.length).toBeGreaterThan(0);
    const scanned = new Set(
      files.map((file) => `/_next/static/${path.relative(staticDir, file).split(path.sep).join('/')}`),
    );
    expect(scripts.filter((src) => !scanned.has(src.split('?')[0]!))).toEqual([]);
  });

  test('pages, their scripts, flight payloads and API answers do not contain it', async ({ page, sandbox }) => {
    // The page's request context carries the signed-in session.
    const { request } = page;
    const answers = new Map<string, string>();
    const assets = new Set<string>();

    for (const pagePath of pages) {
      const response = await request.get(pagePath);
      expect(response.status(), pagePath).toBe(200);
      const body = await wholeAnswer(response);
      answers.set(`GET ${pagePath}`, body);
      staticAssetsIn(body).forEach((asset) => assets.add(asset));

      const payloads = flightPayloads(body);
      expect(payloads.length, `flight payloads in ${pagePath}`).toBeGreaterThan(0);
      for (const payload of payloads) {
        expect(payload.includes(TOKEN), `the token in a flight payload of ${pagePath}`).toBe(false);
        expect(payload.includes(E2E.sandboxUrl), `the sandbox URL in a flight payload of ${pagePath}`).toBe(false);
      }
    }

    // Signed out: the sign-in page, and the sign-in answer itself.
    const anonymous = await playwrightRequest.newContext({
      baseURL: E2E.baseUrl,
      storageState: { cookies: [], origins: [] },
    });
    const signInPage = await anonymous.get('/sign-in', { maxRedirects: 0 });
    expect(signInPage.status()).toBe(200);
    expect(await signInPage.text()).toContain(E2E.demoPassword);
    answers.set('GET /sign-in, signed out', await wholeAnswer(signInPage));
    staticAssetsIn(await signInPage.text()).forEach((asset) => assets.add(asset));
    const signedIn = await anonymous.post('/api/auth/sign-in/email', {
      data: { email: E2E.users.hr, password: E2E.demoPassword },
      headers: { Origin: E2E.baseUrl, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(signedIn.status()).toBe(200);
    answers.set('POST /api/auth/sign-in/email', await wholeAnswer(signedIn));
    await anonymous.dispose();

    // The page shown when Attestr refuses the console's credentials while loading.
    await sandbox.injectFault({ kind: 'error', code: 4016, method: 'GET', pathIncludes: SEED.gitanjali.id });
    const loadError = await request.get(`/profiles/${SEED.gitanjali.id}`);
    const loadErrorBody = await wholeAnswer(loadError);
    expect(loadErrorBody).toContain('Invalid client authorization');
    answers.set('GET profile page, 4016 on load', loadErrorBody);
    for (const payload of flightPayloads(loadErrorBody)) {
      expect(payload.includes(E2E.sandboxUrl), 'the sandbox URL in the load-error page').toBe(false);
    }

    const apiGet = await request.get(`/api/profiles/${SEED.gitanjali.id}`);
    expect(apiGet.status()).toBe(200);
    answers.set('GET api', await wholeAnswer(apiGet));

    const fields = gitanjaliWith({ email: '', mobile: '' });
    for (const fault of [
      { kind: 'error', code: 4016 },
      { kind: 'error', code: 4039 },
      { kind: 'error5001' },
      { kind: 'html502' },
      { kind: 'unknownCode' },
    ] as const) {
      await sandbox.injectFault({ ...fault, method: 'PUT' });
      const response = await put(request, SEED.gitanjali.id, fields);
      expect(response.ok(), `PUT with ${JSON.stringify(fault)}`).toBe(false);
      answers.set(`PUT api, ${JSON.stringify(fault)}`, await wholeAnswer(response));
    }
    const invalid = await put(request, SEED.gitanjali.id, { tag: '', name: 'x', mobile: '12' });
    expect(invalid.status()).toBe(422);
    answers.set('PUT api, invalid body', await wholeAnswer(invalid));
    const archived = await put(request, SEED.archived.id, fields);
    expect(archived.ok()).toBe(false);
    answers.set('PUT api, archived', await wholeAnswer(archived));

    expect(assets.size).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await request.get(asset);
      expect(response.status(), asset).toBe(200);
      answers.set(`GET ${asset}`, await wholeAnswer(response));
    }

    const leaking = [...answers].filter(([, body]) => body.includes(TOKEN)).map(([what]) => what);
    expect(leaking).toEqual([]);
  });

  test('nothing the browser downloads while using the console contains it', async ({
    page,
    sandbox,
    profilesPage,
    profilePage,
  }) => {
    const downloads: Promise<{ url: string; leaks: boolean }>[] = [];
    page.on('response', (response) => {
      downloads.push(
        response
          .body()
          .then((body) => ({ url: response.url(), leaks: body.includes(TOKEN) }))
          .catch(() => ({ url: response.url(), leaks: false })),
      );
    });

    await profilesPage.goto();
    // A client-side navigation fetches the page as a flight payload.
    await profilesPage.openProfile(SEED.gitanjali.id);
    await profilePage.waitUntilReady();
    await sandbox.injectFault({ kind: 'error', code: 4016, method: 'PUT' });
    await profilePage.setField('Name', 'Gitanjali R.');
    await profilePage.saveButton.click();
    await expect(profilePage.result.errorMessage).toHaveText('Attestr did not accept the console’s access key.');

    const all = await Promise.all(downloads);
    expect(all.length).toBeGreaterThan(5);
    expect(all.some(({ url }) => url.includes('_rsc='))).toBe(true);
    expect(all.filter(({ leaks }) => leaks).map(({ url }) => url)).toEqual([]);
    expect(await page.content()).not.toContain(TOKEN);
  });
});
