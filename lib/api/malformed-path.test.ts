import { describe, expect, it } from 'vitest';

import { malformedPathProblem } from '@/lib/api/malformed-path';

const at = (path: string) => `http://localhost:3000${path}`;

describe('malformedPathProblem', () => {
  it.each(['/api/profiles/P-1', '/api/auth/sign-in/email', '/api/profiles/caf%C3%A9', '/api/health'])(
    'accepts %s',
    (path) => {
      expect(malformedPathProblem(at(path))).toBeNull();
    },
  );

  it.each(['/api/profiles/%E0%A4%A', '/api/profiles/%', '/api/profiles/%ZZ', '/api/profiles/%C3'])(
    'names the malformed encoding in %s',
    (path) => {
      expect(malformedPathProblem(at(path))).toBe(
        'The address is malformed: a % in it is not followed by a valid encoded character.',
      );
    },
  );

  it.each(['/api/auth/sign-in%2Femail', '/api/auth/sign-in%2femail', '/api/profiles/a%5Cb'])(
    'names the encoded slash in %s',
    (path) => {
      expect(malformedPathProblem(at(path))).toMatch(/encoded slash/);
    },
  );
});

describe('the proxy, before any page or route', () => {
  const visit = async (path: string, cookie?: string) => {
    const { proxy } = await import('@/proxy');
    const { NextRequest } = await import('next/server');
    return proxy(new NextRequest(at(path), { headers: cookie ? { cookie } : {} }));
  };

  it.each(['/updates/%zz', '/bulk/%', '/profiles/%', '/profiles/%E0%A4%A', '/%', '/sign-in/%zz'])(
    'shows the page that says %s cannot be read, with 400, signed out or in',
    async (path) => {
      for (const cookie of [undefined, 'better-auth.session_token=abc.def']) {
        const response = await visit(path, cookie);
        expect(response.status).toBe(400);
        expect(response.headers.get('x-middleware-rewrite')).toBe(at('/bad-address'));
        expect(response.headers.get('location')).toBeNull();
        expect(response.headers.get('content-security-policy')).toMatch(/nonce-/);
      }
    },
  );

  it('answers an /api address with the JSON 400', async () => {
    const response = await visit('/api/profiles/%zz');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('still sends a visitor without a session from a readable address to sign in', async () => {
    const response = await visit('/profiles/caf%C3%A9');
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/\/sign-in\?next=/);
  });
});
