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
    `import { savedResponse } from '@/lib/api/update-bodies';`,
    `import { getEnv } from '@/lib/env';`,
    `import { getLogger } from '@/lib/log';`,
    // Not in any listed folder, but it starts with import 'server-only'.
    `import { listUsers } from '@/lib/users/service';`,
    `import { getInboxPage } from '@/lib/updates/inbox';`,
    `import 'server-only';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('components/profiles/example.tsx', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/server-only|never server-only/);
  });

  it('refuses a page or route handler', async () => {
    for (const filePath of ['components/profiles/example.tsx', 'lib/queries/example.ts']) {
      const messages = await refusals(filePath, `import ProfilesPage from '@/app/(console)/profiles/page';`);
      expect(messages, filePath).toHaveLength(1);
      expect(messages[0]).toMatch(/never imports a page or route handler/);
    }
  });

  it('lib/queries, the browser fetchers, is held to the same rule', async () => {
    const messages = await refusals('lib/queries/example.ts', `import { getDatabase } from '@/lib/db/connection';`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/server-only/);
  });

  it('allows what the browser may have: shared types and rules, client code, and the types of lib/auth', async () => {
    const code = [
      `import type { SessionUser } from '@/lib/auth/session';`,
      `import type { ApiError } from '@/lib/shared/api-types';`,
      `import { errorHeading } from '@/lib/shared/error-headings';`,
      `import { can } from '@/lib/shared/permissions';`,
      `import { PROFILE_FIELDS, type ProfileValues } from '@/lib/shared/profile-fields';`,
      `import { useProfile } from '@/lib/queries/profiles';`,
      `import { Button } from '@/components/ui/button';`,
    ].join('\n');
    expect(await refusals('components/profiles/example.tsx', code)).toEqual([]);
  });
});

describe('domain modules know nothing of HTTP', () => {
  it.each([
    'lib/updates/save-profile.ts',
    'lib/profiles/example.ts',
    'lib/bulk/example.ts',
    'lib/users/example.ts',
    'lib/auth/example.ts',
    'lib/jobs/example.ts',
    'lib/audit/example.ts',
  ])('%s', async (filePath) => {
    const refused = [
      `import { NextResponse } from 'next/server';`,
      `import { headers } from 'next/headers';`,
      `import type { NextRequest } from 'next/server';`,
      `import { route } from '@/lib/api/handler';`,
      `import { ApiError } from '@/lib/api/errors';`,
      `import type { ApiError as Answer } from '@/lib/api/errors';`,
      `import { ApiError as Relative } from '../api/errors';`,
      `import { savedResponse } from '@/lib/api/update-bodies';`,
      `import ProfilesPage from '@/app/(console)/profiles/page';`,
      `import { Button } from '@/components/ui/button';`,
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

describe('lib/db imports nothing above it', () => {
  it.each([
    `import { parseInboxFilter } from '@/lib/updates/inbox-filter';`,
    `import type { BulkJobState } from '@/lib/bulk/types';`,
    `import { getAuth } from '@/lib/auth/auth';`,
    `import { foldText } from '@/lib/profiles/fold';`,
    `import { foldText as relative } from '../profiles/fold';`,
    `import { listUsers } from '@/lib/users/service';`,
    `import { runJobs } from '@/lib/jobs/runner';`,
    `import { recordAudit } from '@/lib/audit/trail';`,
    `import { ApiError } from '@/lib/api/errors';`,
    `import { getAttestrClient } from '@/lib/attestr/instance';`,
    `import { can } from '@/lib/permissions';`,
    `import ProfilesPage from '@/app/(console)/profiles/page';`,
    `import { NextResponse } from 'next/server';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('lib/db/example.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/lib\/db is persistence/);
  });

  it('allows lib/db, lib/env, lib/log, lib/shared and lib/errors', async () => {
    const code = [
      `import { getDatabase } from '@/lib/db/connection';`,
      `import { getEnv } from '@/lib/env';`,
      `import { getLogger } from '@/lib/log';`,
      `import type { InboxFilter } from '@/lib/shared/inbox-filter';`,
      `import { describeErrorCode } from '@/lib/errors/codes';`,
      `import { sql } from 'kysely';`,
    ].join('\n');
    expect(await refusals('lib/db/example.ts', code)).toEqual([]);
  });
});

describe('lib/shared is a leaf', () => {
  it.each([
    `import { getDatabase } from '@/lib/db/connection';`,
    `import { planUpdate } from '@/lib/updates/plan';`,
    `import { route } from '@/lib/api/handler';`,
    `import { getEnv } from '@/lib/env';`,
    `import { foldText } from '../profiles/fold';`,
    `import { useQuery } from '@tanstack/react-query';`,
    `import 'server-only';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('lib/shared/example.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/lib\/shared is the leaf/);
  });

  it('allows itself, lib/errors, zod and libphonenumber-js', async () => {
    const code = [
      `import { PROFILE_FIELDS } from '@/lib/shared/profile-fields';`,
      `import { withoutNul } from './request-text';`,
      `import { describeErrorCode } from '@/lib/errors/codes';`,
      `import * as z from 'zod/mini';`,
      `import { z as full } from 'zod';`,
      `import { parsePhoneNumberFromString } from 'libphonenumber-js/min';`,
    ].join('\n');
    expect(await refusals('lib/shared/example.ts', code)).toEqual([]);
  });
});

describe('lib/errors is a leaf', () => {
  it('refuses anything but lib/errors', async () => {
    for (const code of [
      `import { PROFILE_FIELDS } from '@/lib/shared/profile-fields';`,
      `import { ApiError } from '@/lib/api/errors';`,
      `import * as z from 'zod';`,
    ]) {
      const messages = await refusals('lib/errors/example.ts', code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]).toMatch(/lib\/errors is a leaf/);
    }
    expect(await refusals('lib/errors/example.ts', `import { describeErrorCode } from '@/lib/errors/codes';`)).toEqual(
      [],
    );
  });
});

describe('lib/api, the HTTP layer, is imported by app/ only', () => {
  it.each([
    `import ProfilesPage from '@/app/(console)/profiles/page';`,
    `import { profileUpdateSchema } from '../../app/api/profiles/[profileId]/schema';`,
    `import { Button } from '@/components/ui/button';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('lib/api/example.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/lib\/api is the HTTP layer/);
  });
});

describe('lib/attestr, the Attestr boundary, is called by the domain and calls nothing above it', () => {
  it.each([
    `import { saveProfile } from '@/lib/updates/save';`,
    `import { getProfile } from '@/lib/profiles/get-profile';`,
    `import { isProfileId } from '../profiles/profile-id';`,
    `import { ApiError } from '@/lib/api/errors';`,
    `import ProfilesPage from '@/app/(console)/profiles/page';`,
  ])('refuses %s', async (code) => {
    const messages = await refusals('lib/attestr/example.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/lib\/attestr is the Attestr boundary/);
  });

  it('allows lib/db, lib/shared and lib/errors', async () => {
    const code = [
      `import { getDatabase } from '@/lib/db/connection';`,
      `import { isProfileId } from '@/lib/shared/profile-id';`,
      `import { describeErrorCode } from '@/lib/errors/codes';`,
    ].join('\n');
    expect(await refusals('lib/attestr/example.ts', code)).toEqual([]);
  });
});

describe('pages and route handlers stay thin', () => {
  it.each(['app/(console)/example/page.tsx', 'app/api/example/route.ts'])('%s', async (filePath) => {
    for (const code of [
      `import { listAttempts } from '@/lib/db/update-attempts';`,
      `import type { UserName } from '@/lib/db/users';`,
      `import { getAttestrClient } from '@/lib/attestr/instance';`,
    ]) {
      const messages = await refusals(filePath, code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]).toMatch(/stays thin/);
    }
    const allowed = [
      `import { route } from '@/lib/api/handler';`,
      `import { getInboxPage } from '@/lib/updates/inbox';`,
      `import { AttestrError } from '@/lib/attestr/errors';`,
    ].join('\n');
    expect(await refusals(filePath, allowed)).toEqual([]);
  });
});

describe('sandbox/ stands apart from the product', () => {
  it.each([
    'app/(console)/example/page.tsx',
    'components/profiles/example.tsx',
    'lib/updates/example.ts',
    'lib/db/example.ts',
    'lib/api/example.ts',
    'lib/attestr/example.ts',
  ])('%s never imports it statically', async (filePath) => {
    for (const code of [
      `import { startSandbox } from '@/sandbox/server';`,
      `import type { RunningSandbox } from '@/sandbox';`,
    ]) {
      const messages = await refusals(filePath, code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]).toMatch(/development tool|server-only/);
    }
  });

  it('is loaded with import(), in sandbox mode only', async () => {
    const code = `export const load = () => import('@/sandbox/server');`;
    expect(await refusals('lib/attestr/example.ts', code)).toEqual([]);
  });

  it('imports only itself and the table of codes', async () => {
    for (const code of [
      `import { getEnv } from '@/lib/env';`,
      `import { saveProfile } from '@/lib/updates/save';`,
      `import { ProfileForm } from '@/components/profiles/profile-form';`,
    ]) {
      const messages = await refusals('sandbox/example.ts', code);
      expect(messages, code).toHaveLength(1);
      expect(messages[0]).toMatch(/stands apart/);
    }
    const allowed = [
      `import { describeAttestrCode } from '@/lib/errors/codes';`,
      `import { createSandboxStore } from '@/sandbox/store';`,
    ].join('\n');
    expect(await refusals('sandbox/example.ts', allowed)).toEqual([]);
  });
});
