import path from 'node:path';

import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT_DIR = path.resolve(import.meta.dirname, '..');
const RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT_DIR });
});

/** The import-boundary messages ESLint reports for `code` as if it were the file at `filePath`. */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath: path.join(ROOT_DIR, filePath) });
  expect(result?.fatalErrorCount, result?.messages.map((m) => m.message).join('\n')).toBe(0);
  return (result?.messages ?? []).filter((message) => message.ruleId === RULE).map((message) => message.message);
}

describe('components/ never import server-only modules', () => {
  it.each([
    `import { getDatabase } from '@/lib/db/connection';`,
    `import { getAttestrClient } from '@/lib/attestr/instance';`,
    `import { AttestrError } from '@/lib/attestr/errors';`,
    `import { createAttestrClient } from '../../lib/attestr/client';`,
    `import { readSession } from '@/lib/auth/session';`,
    `import { route } from '@/lib/api/handler';`,
    `import { ApiError } from '@/lib/api/errors';`,
    `import { getEnv } from '@/lib/env';`,
    `import { getLogger } from '@/lib/log';`,
    `import { startSandbox } from '@/lib/sandbox/server';`,
    // Not in any listed folder, but it starts with import 'server-only'.
    `import { listUsers } from '@/lib/users/service';`,
    `import 'server-only';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('components/profiles/example.tsx', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/server-only|never server-only/);
  });

  it('allows what the browser may have: shared types and rules, and the types of lib/auth', async () => {
    const code = [
      `import type { SessionUser } from '@/lib/auth/session';`,
      `import type { ApiError } from '@/lib/shared/api-types';`,
      `import { errorHeading } from '@/lib/shared/error-headings';`,
      `import { can } from '@/lib/shared/permissions';`,
      `import { PROFILE_FIELDS } from '@/lib/shared/profile-fields';`,
    ].join('\n');
    expect(await refusals('components/profiles/example.tsx', code)).toEqual([]);
  });
});

describe('domain modules know nothing of HTTP', () => {
  it.each(['lib/updates/save-profile.ts', 'lib/profiles/example.ts'])('%s', async (filePath) => {
    const refused = [
      `import { NextResponse } from 'next/server';`,
      `import { headers } from 'next/headers';`,
      `import type { NextRequest } from 'next/server';`,
      `import { route } from '@/lib/api/handler';`,
      `import { ApiError } from '@/lib/api/errors';`,
      `import { ApiError as Relative } from '../api/errors';`,
    ];
    for (const code of refused) {
      const messages = await refusals(filePath, code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]).toMatch(/knows nothing of HTTP/);
    }
    const allowed = [
      `import type { ApiProfile } from '@/lib/shared/api-types';`,
      `import { getAttestrClient } from '@/lib/attestr/instance';`,
      `import { recordUpdateStarted } from '@/lib/db/profile-updates';`,
    ].join('\n');
    expect(await refusals(filePath, allowed)).toEqual([]);
  });
});
