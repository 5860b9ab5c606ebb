import path from 'node:path';

import { request, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';

import { SEED } from './fixtures/sandbox';
import { E2E } from './fixtures/settings';
import { expect, test } from './fixtures/test';
import { SignInPage } from './pages/sign-in-page';
import { gitanjaliWith, sameOrigin, SIGNED_OUT } from './support/api';

/**
 * The headers a browser enforces: a Content-Security-Policy whose per-request nonce is the
 * only way a script runs (and the console's own scripts all carry it), no framing, no
 * sniffing, nothing cached that holds personal data, no HSTS over plain http.
 */

/** The directives of a CSP, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function nonceOf(headers: Record<string, string>): string {
  const policy = headers['content-security-policy'] ?? '';
  const match = /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(directives(policy).get('script-src')?.join(' ') ?? '');
  expect(match, `a nonce in script-src of ${policy}`).not.toBeNull();
  return match![1]!;
}

/** Every opening <script …> tag of a document. */
function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
}

function expectCommonHeaders(response: APIResponse, what: string): void {
  const headers = response.headers();
  expect.soft(headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect.soft(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('strict-origin-when-cross-origin');
  expect.soft(headers['permissions-policy'] ?? '', `${what}: Permissions-Policy`).toMatch(/camera=\(\)/);
  expect.soft(headers['permissions-policy'] ?? '', `${what}: Permissions-Policy`).toMatch(/geolocation=\(\)/);
  expect.soft(headers['strict-transport-security'], `${what}: no HSTS over plain http`).toBeUndefined();
}

/** Collects CSP violations as the page reports them: console messages and DOM events. */
async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) fromConsole.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])),
  ];
}

test.describe('Security headers', () => {
  const pages = [
    { path: '/profiles', role: 'hr' as const },
    { path: '/sign-in', role: null },
  ];

  for (const { path: pagePath, role } of pages) {
    test(`${pagePath}: a CSP with a fresh nonce that every script of the page carries`, async ({ sessionFor }) => {
      const api = await request.newContext({
        baseURL: E2E.baseUrl,
        storageState: role ? await sessionFor(role) : SIGNED_OUT,
      });
      const first = await api.get(pagePath, { maxRedirects: 0 });
      const second = await api.get(pagePath, { maxRedirects: 0 });
      expect(first.status()).toBe(200);
      expect(second.status()).toBe(200);
      expect(first.headers()['content-type']).toMatch(/^text\/html/);

      const policy = directives(first.headers()['content-security-policy'] ?? '');
      const scriptSrc = policy.get('script-src') ?? [];
      expect(scriptSrc.length, 'script-src is set').toBeGreaterThan(0);
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(scriptSrc).not.toContain('*');
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'self'"]);

      const nonce = nonceOf(first.headers());
      expect(nonce.length).toBeGreaterThanOrEqual(16);
      expect(nonceOf(second.headers()), 'each answer has a nonce of its own').not.toBe(nonce);

      const html = await first.text();
      const tags = scriptTags(html);
      expect(tags.length, 'the page has scripts').toBeGreaterThan(0);
      expect(
        tags.filter((tag) => !tag.includes(`nonce="${nonce}"`)),
        'scripts without this answer’s nonce',
      ).toEqual([]);
      expectCommonHeaders(first, pagePath);
      await api.dispose();
    });
  }

  test.describe('signed in', () => {
    test.use({ role: 'hr' });

    test('/profiles hydrates under the CSP (typing works) and reports no violation', async ({ page, profilesPage }) => {
      const violations = await watchCspViolations(page);
      const documentAnswer = page.waitForResponse((response) => response.url() === `${E2E.baseUrl}/profiles`);
      await profilesPage.goto(); // waits for hydration
      const nonce = nonceOf((await documentAnswer).headers());
      // Every script the server rendered carries the nonce (the DOM hides the attribute, not the
      // property). Chunks webpack inserts later are trusted through 'strict-dynamic' instead;
      // they must still come from the console's own static folder.
      const scripts = await page.evaluate(() =>
        [...document.querySelectorAll('script')].map((script) => ({
          nonce: script.nonce,
          src: script.src,
          insertedByWebpack: script.hasAttribute('data-webpack'),
        })),
      );
      const rendered = scripts.filter((script) => !script.insertedByWebpack);
      expect(rendered.length).toBeGreaterThan(0);
      expect(rendered.filter((script) => script.nonce !== nonce)).toEqual([]);
      expect(
        scripts
          .filter((script) => script.insertedByWebpack)
          .filter((script) => !script.src.startsWith(`${E2E.baseUrl}/_next/static/`)),
      ).toEqual([]);

      await profilesPage.openProfile(SEED.gitanjali.id);
      await expect(page).toHaveURL(`/profiles/${SEED.gitanjali.id}`);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(SEED.gitanjali.name);
      expect(await violations()).toEqual([]);
    });
  });

  test.describe('signed out', () => {
    test.use({ role: null });

    test('/sign-in hydrates under the CSP (typing works) and reports no violation', async ({ page }) => {
      const violations = await watchCspViolations(page);
      await page.goto('/sign-in');
      const signInPage = new SignInPage(page);
      await signInPage.waitUntilReady();
      await signInPage.signIn(`nobody-${Date.now()}@example.com`, '');
      // The client-side check ran: React is handling the form.
      await expect(signInPage.error).toHaveText('Enter your email and password.');
      expect(await violations()).toEqual([]);

      // The watcher does see a violation: an inline event handler is not allowed by this policy.
      const ran = await page.evaluate(() => {
        const target = document.createElement('button');
        target.setAttribute('onclick', 'window.__inlineHandlerRan = true');
        document.body.append(target);
        target.click();
        target.remove();
        return (window as unknown as { __inlineHandlerRan?: boolean }).__inlineHandlerRan === true;
      });
      expect(ran, 'the inline handler was blocked').toBe(false);
      await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/script-src/)]));
    });
  });

  test('pages and API answers carry nosniff, Referrer-Policy and Permissions-Policy, and no HSTS', async ({
    sessionFor,
  }) => {
    const hr = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: sameOrigin(),
      storageState: await sessionFor('hr'),
    });
    const visitor = await request.newContext({ baseURL: E2E.baseUrl, storageState: SIGNED_OUT });
    const answers: [string, APIResponse][] = [
      ['page /profiles', await hr.get('/profiles')],
      [`page /profiles/${SEED.gitanjali.id}`, await hr.get(`/profiles/${SEED.gitanjali.id}`)],
      ['page /sign-in', await visitor.get('/sign-in')],
      ['redirect to sign-in', await visitor.get('/profiles', { maxRedirects: 0 })],
      ['GET /api/health', await visitor.get('/api/health')],
      ['GET profile API', await hr.get(`/api/profiles/${SEED.gitanjali.id}`)],
      ['401 from the API', await visitor.get(`/api/profiles/${SEED.gitanjali.id}`)],
      ['404 page', await hr.get('/no-such-page')],
    ];
    for (const [what, response] of answers) expectCommonHeaders(response, what);
    expect(answers.find(([what]) => what === 'redirect to sign-in')![1].status()).toBe(307);
    await hr.dispose();
    await visitor.dispose();
  });

  test('API answers holding personal data are never cached', async ({ sessionFor, sandbox }) => {
    const hr: APIRequestContext = await request.newContext({
      baseURL: E2E.baseUrl,
      extraHTTPHeaders: sameOrigin(),
      storageState: await sessionFor('hr'),
    });
    const read = await hr.get(`/api/profiles/${SEED.gitanjali.id}`);
    expect(read.status()).toBe(200);
    expect(await read.text()).toContain(SEED.gitanjali.email);
    expect(read.headers()['cache-control']).toMatch(/\bno-store\b/);

    const saved = await hr.put(`/api/profiles/${SEED.gitanjali.id}`, {
      data: gitanjaliWith({ mobile: '+918888999979' }),
    });
    expect(saved.status()).toBe(200);
    expect(saved.headers()['cache-control']).toMatch(/\bno-store\b/);

    const refused = await hr.put(`/api/profiles/${SEED.gitanjali.id}`, { data: gitanjaliWith({ mobile: '+91 12' }) });
    expect(refused.status()).toBe(422);
    expect(refused.headers()['cache-control']).toMatch(/\bno-store\b/);
    expect((await sandbox.getProfile(SEED.gitanjali.id)).mobile).toBe('+918888999979');
    await hr.dispose();
  });

  test('/api/health answers JSON: liveness to anyone, what works to ops, and reveals no configuration', async ({
    sessionFor,
  }) => {
    const visitor = await request.newContext({ baseURL: E2E.baseUrl, storageState: SIGNED_OUT });
    const anonymous = await visitor.get('/api/health');
    expect(anonymous.status()).toBe(200);
    expect(anonymous.headers()['cache-control']).toMatch(/\bno-store\b/);
    expect(await anonymous.json()).toEqual({ status: 'ok' });
    const readiness = await visitor.get('/api/health/ready');
    expect(readiness.status()).toBe(200);
    expect(await readiness.json()).toEqual({ status: 'ok' });

    const ops = await request.newContext({ baseURL: E2E.baseUrl, storageState: await sessionFor('ops') });
    const response = await ops.get('/api/health');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/json/);
    expect(response.headers()['cache-control']).toMatch(/\bno-store\b/);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ status: 'ok', database: { ok: true }, attestr: { ok: true } });
    await ops.dispose();

    const root = path.dirname(test.info().config.configFile ?? path.join(process.cwd(), 'playwright.config.ts'));
    const secrets = [
      E2E.canaryToken,
      'postgres://',
      'postgresql://',
      E2E.dataDir,
      E2E.dataDir.replace(/^\.\//, ''),
      path.resolve(root, E2E.dataDir),
      root,
      E2E.sandboxUrl,
      String(E2E.sandboxPort),
    ];
    expect(secrets.filter((secret) => body.includes(secret))).toEqual([]);
    await visitor.dispose();
  });
});
