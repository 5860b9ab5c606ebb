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
