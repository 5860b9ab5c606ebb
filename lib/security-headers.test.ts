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
