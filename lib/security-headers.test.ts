import { describe, expect, it } from 'vitest';

import { contentSecurityPolicy, securityHeaders } from '@/lib/security-headers';

const NONCE = 'bm9uY2UtZm9yLXRoaXMtcGFnZQ==';

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('contentSecurityPolicy', () => {
  const policy = directives(contentSecurityPolicy({ nonce: NONCE, development: false }));

  it("lets scripts run only by this request's nonce, trusting what they load ('strict-dynamic')", () => {
    const scripts = policy.get('script-src');
    expect(scripts).toEqual(expect.arrayContaining([`'nonce-${NONCE}'`, "'strict-dynamic'"]));
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain('*');
  });

  it('allows eval only in development, for React Refresh', () => {
    const development = directives(contentSecurityPolicy({ nonce: NONCE, development: true }));
    expect(development.get('script-src')).toContain("'unsafe-eval'");
    expect(development.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('forbids framing, plugins and foreign bases and form targets', () => {
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('differs between two requests with different nonces', () => {
    const first = contentSecurityPolicy({ nonce: 'Zmlyc3Q=', development: false });
    const second = contentSecurityPolicy({ nonce: 'c2Vjb25k', development: false });
    expect(first).not.toBe(second);
    expect(first).toContain("'nonce-Zmlyc3Q='");
    expect(second).toContain("'nonce-c2Vjb25k'");
  });
});

describe('securityHeaders', () => {
  it('sends HSTS only over https', () => {
    expect(securityHeaders({ nonce: NONCE, development: false, https: true })['Strict-Transport-Security']).toMatch(
      /^max-age=\d{8,}; includeSubDomains$/,
    );
    expect(securityHeaders({ nonce: NONCE, development: false, https: false })).not.toHaveProperty(
      'Strict-Transport-Security',
    );
  });

  it('sets nosniff, a referrer policy, a permissions policy and no framing', () => {
    const headers = securityHeaders({ nonce: NONCE, development: false, https: true });
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy({ nonce: NONCE, development: false }));
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['Permissions-Policy']).toMatch(/camera=\(\)/);
    expect(headers['Permissions-Policy']).toMatch(/microphone=\(\)/);
    expect(headers['Permissions-Policy']).toMatch(/geolocation=\(\)/);
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
  });
});

interface HeaderRule {
  source: string;
  has?: unknown[];
  headers: { key: string; value: string }[];
}
interface NextConfigModule {
  apiSecurityHeaders: { key: string; value: string }[];
  strictTransportSecurity: { key: string; value: string };
  default: { headers(): Promise<HeaderRule[]> };
}
// A plain JavaScript module without types: imported by name so TypeScript leaves it alone.
const NEXT_CONFIG = '@/next.config.js';
const loadNextConfig = async () => (await import(/* @vite-ignore */ NEXT_CONFIG)) as NextConfigModule;

describe('API answers (next.config.js)', () => {
  it('carry the same headers as pages, with a policy under which nothing runs or frames', async () => {
    const { apiSecurityHeaders, strictTransportSecurity } = await loadNextConfig();
    const api = Object.fromEntries(apiSecurityHeaders.map((header) => [header.key, header.value]));
    const pages = securityHeaders({ nonce: NONCE, development: false, https: true });

    for (const [name, value] of Object.entries(pages)) {
      if (name === 'Content-Security-Policy' || name === 'Strict-Transport-Security') continue;
      expect(api[name], name).toBe(value);
    }
    expect(strictTransportSecurity.value).toBe(pages['Strict-Transport-Security']);
    const policy = directives(api['Content-Security-Policy'] ?? '');
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('apply to every API path, and HSTS only behind an https proxy', async () => {
    const rules = await (await loadNextConfig()).default.headers();
    const api = rules.filter((rule) => rule.source === '/api/:path*');
    expect(api.find((rule) => !rule.has)?.headers.map((header) => header.key)).not.toContain(
      'Strict-Transport-Security',
    );
    expect(api.find((rule) => rule.has)).toMatchObject({
      has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
      headers: [{ key: 'Strict-Transport-Security' }],
    });
  });
});
