import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type IsSameOriginRequest = (typeof import('@/lib/auth/csrf'))['isSameOriginRequest'];

const CONSOLE_URL = 'https://console.example.com';
const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];

let isSameOriginRequest: IsSameOriginRequest;

async function load(consoleUrl: string | undefined) {
  vi.resetModules();
  vi.stubEnv('BETTER_AUTH_URL', consoleUrl);
  vi.stubEnv('PORT', undefined);
  isSameOriginRequest = (await import('@/lib/auth/csrf')).isSameOriginRequest;
}

function request(method: string, headers: Record<string, string> = {}): Request {
  return new Request(`${CONSOLE_URL}/api/profiles/prof_1`, { method, headers });
}

beforeEach(() => load(CONSOLE_URL));
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('isSameOriginRequest', () => {
  it.each(['GET', 'HEAD', 'OPTIONS'])('always allows %s, even cross-site', (method) => {
    expect(isSameOriginRequest(request(method))).toBe(true);
    expect(
      isSameOriginRequest(request(method, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })),
    ).toBe(true);
  });

  describe.each(STATE_CHANGING)('%s', (method) => {
    it('is allowed with Sec-Fetch-Site: same-origin', () => {
      expect(isSameOriginRequest(request(method, { 'sec-fetch-site': 'same-origin' }))).toBe(true);
      expect(isSameOriginRequest(request(method, { 'sec-fetch-site': 'same-origin', origin: CONSOLE_URL }))).toBe(true);
    });

    it.each(['same-site', 'cross-site', 'none'])('is refused with Sec-Fetch-Site: %s, whatever Origin says', (site) => {
      expect(isSameOriginRequest(request(method, { 'sec-fetch-site': site }))).toBe(false);
      expect(isSameOriginRequest(request(method, { 'sec-fetch-site': site, origin: CONSOLE_URL }))).toBe(false);
    });

    it('without Sec-Fetch-Site, is allowed only with an Origin equal to the console origin', () => {
      expect(isSameOriginRequest(request(method, { origin: CONSOLE_URL }))).toBe(true);
      for (const origin of [
        'https://evil.example',
        'http://console.example.com',
        'https://console.example.com:8443',
        'https://sub.console.example.com',
        'https://console.example.com.evil.example',
        'null',
        '',
      ]) {
        expect(isSameOriginRequest(request(method, { origin })), origin).toBe(false);
      }
    });

    it('is refused with neither Origin nor Sec-Fetch-Site, cookie or not', () => {
      expect(isSameOriginRequest(request(method))).toBe(false);
      expect(isSameOriginRequest(request(method, { cookie: 'better-auth.session_token=abc.def' }))).toBe(false);
      expect(isSameOriginRequest(request(method, { referer: `${CONSOLE_URL}/profiles` }))).toBe(false);
    });
  });

  it('treats a method it does not know as state-changing', () => {
    expect(isSameOriginRequest(request('PROPFIND'))).toBe(false);
    expect(isSameOriginRequest(request('PROPFIND', { 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });

  it('compares with the origin of BETTER_AUTH_URL, ignoring its path', async () => {
    await load('https://console.example.com/admin/');
    expect(isSameOriginRequest(request('POST', { origin: CONSOLE_URL }))).toBe(true);
    expect(isSameOriginRequest(request('POST', { origin: `${CONSOLE_URL}/admin` }))).toBe(false);
  });

  it('falls back to http://localhost:PORT when BETTER_AUTH_URL is unset', async () => {
    await load(undefined);
    vi.stubEnv('PORT', '3107');
    vi.resetModules();
    isSameOriginRequest = (await import('@/lib/auth/csrf')).isSameOriginRequest;
    expect(isSameOriginRequest(request('POST', { origin: 'http://localhost:3107' }))).toBe(true);
    expect(isSameOriginRequest(request('POST', { origin: 'http://localhost:3000' }))).toBe(false);
    expect(isSameOriginRequest(request('POST', { origin: CONSOLE_URL }))).toBe(false);
  });
});
