import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { afterPasses } from '@/test/support/jobs';
import { describeEachEngine, describePostgres } from '@/test/support/postgres';
import type { JobsLoop } from '@/lib/jobs/loop';

const TOKEN = 'profile-import-test-token-7d1e';
const { gitanjali, arjun, priya, irfan, siobhan, kwame, liWei, jose, anjali, hiroshi, emily } = SANDBOX_PROFILE_IDS;
/** Well-formed ids Attestr does not hold: it answers 40018. */
const UNKNOWN = ['Zz0NotAtAttestr0001', 'Zz0NotAtAttestr0002'];

type Imports = typeof import('@/lib/profiles/imports');
type Loop = typeof import('@/lib/jobs/loop');
type Kinds = typeof import('@/lib/profiles/import-jobs');
type Index = typeof import('@/lib/db/profile-index');
type Db = typeof import('@/lib/db/connection');

const admin = { userId: 'admin-importer', role: 'admin' };

describeEachEngine('A directory import in the background', (engine) => {
  let stack: AttestrTestStack;
  let imports: Imports;
  let loop: Loop;
  let kinds: Kinds;
  let index: Index;
  let db: Db;
  let runner: JobsLoop | undefined;

  const load = async () => {
    imports = await import('@/lib/profiles/imports');
    loop = await import('@/lib/jobs/loop');
    kinds = await import('@/lib/profiles/import-jobs');
    index = await import('@/lib/db/profile-index');
    db = await import('@/lib/db/connection');
  };

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    await load();
  });
  afterAll(async () => {
    await runner?.stop();
    await stack?.close();
  });
  beforeEach(async () => {
    await runner?.stop();
    runner = undefined;
    stack.reset();
    const { db: handle } = db.getDatabase();
    await sql`delete from profile_import_item`.execute(handle);
    await sql`delete from profile_import`.execute(handle);
    await sql`delete from profile_index`.execute(handle);
    await sql`delete from attestr_budget`.execute(handle);
  });

  /** The console's settings with `day` (a daily limit and the people's share) on top, loaded afresh. */
  const configureDay = async (day: Record<string, string>) => {
    await stack.testConsole.configure({
      ATTESTR_BASE_URL: stack.proxy.url,
      ATTESTR_AUTH_TOKEN: TOKEN,
      ATTESTR_TIMEOUT_MS: '700',
      BETTER_AUTH_SECRET: 'a'.repeat(48),
      ...day,
    });
    await load();
  };
  const start = () => {
    runner = loop.startJobs({ kinds: [kinds.profileImportJobs()], everyMs: 50 });
    return runner;
  };
  const reads = (profileId?: string) =>
    stack.proxy.requests.filter(
      (request) => request.method === 'GET' && (profileId === undefined || request.url.endsWith(`/${profileId}`)),
    );
  const untilFinished = (importId: string, on: JobsLoop = runner as JobsLoop) =>
    afterPasses({
      loop: on,
      what: 'the import finishing',
      read: () => imports.getProfileImportProgress({ viewer: admin, importId }),
      done: (progress) => progress.import.finishedAt !== null,
    });

  it('reads each ID once, notes the found ones in the index, and lists those Attestr does not know', async () => {
    const created = await imports.createProfileImport({
      actor: admin,
      fileName: 'directory.csv',
      profileIds: [gitanjali, UNKNOWN[0] as string, arjun, gitanjali, priya],
    });
    expect(created).toMatchObject({ total: 4, read: 0, found: 0, finishedAt: null });
    expect(await index.searchProfiles({ query: 'Priya' })).toEqual([]);
    start();
    const done = await untilFinished(created.id);
    expect(done.import).toMatchObject({ total: 4, read: 4, found: 3, notFound: 1, failed: 0 });
    expect(done.notFound).toEqual([expect.objectContaining({ profileId: UNKNOWN[0], code: '40018' })]);
    expect(reads()).toHaveLength(4);
    expect((await index.searchProfiles({ query: 'Priya' })).map((found) => found.profileId)).toEqual([priya]);
    expect((await index.searchProfiles({ query: 'arjun venk' })).map((found) => found.profileId)).toEqual([arjun]);
  });

  it('reads an ID again after Attestr’s 5001 and finds it; one that keeps failing is listed with the reason', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'GET', pathIncludes: irfan });
    stack.sandbox.injectFault({ kind: 'error5001', method: 'GET', pathIncludes: siobhan, times: 10 });
    const created = await imports.createProfileImport({
      actor: admin,
      fileName: 'flaky.csv',
      profileIds: [irfan, siobhan],
    });
    start();
    const done = await untilFinished(created.id);
    expect(done.import).toMatchObject({ total: 2, found: 1, failed: 1, notFound: 0 });
    expect(reads(irfan)).toHaveLength(2);
    expect(reads(siobhan)).toHaveLength(3);
    expect(done.failed).toEqual([expect.objectContaining({ profileId: siobhan, code: '5001' })]);
    expect(await index.findIndexedProfile({ profileId: irfan })).toMatchObject({ name: 'Mohammed Irfan Qureshi' });
  });

  it('reads again, after a restart, an ID whose reader died mid-read, and ends the import', async () => {
    const created = await imports.createProfileImport({
      actor: admin,
      fileName: 'resumed.csv',
      profileIds: [kwame, liWei],
    });
    // A process that claimed the first ID and was killed: its claim is still "live" for 30 s.
    const { db: handle } = db.getDatabase();
    await handle
      .updateTable('profile_import_item')
      .set({ state: 'reading', claimed_by: 'a-killed-process', claim_until: Date.now() + 30_000 })
      .where('import_id', '=', created.id)
      .where('position', '=', 1)
      .execute();
    if (engine === 'postgres') {
      // Another instance's claim is left alone until it lapses: make it lapse.
      await handle
        .updateTable('profile_import_item')
        .set({ claim_until: Date.now() - 1 })
        .where('import_id', '=', created.id)
        .execute();
    }
    start();
    const done = await untilFinished(created.id);
    expect(done.import).toMatchObject({ total: 2, read: 2, found: 2 });
    expect(reads(kwame)).toHaveLength(1);
    expect(reads(liWei)).toHaveLength(1);
  });

  it('counts its reads as background work: it stops at background’s share of the day and says why', async () => {
    await configureDay({ ATTESTR_DAILY_LIMIT: '10', ATTESTR_INTERACTIVE_SHARE: '0.3' });
    try {
      const ids = [gitanjali, arjun, priya, irfan, siobhan, kwame, liWei, jose, anjali, hiroshi];
      const created = await imports.createProfileImport({ actor: admin, fileName: 'big.csv', profileIds: ids });
      start();
      await afterPasses({
        loop: runner as JobsLoop,
        what: 'the import waiting for the next day',
        read: () => imports.getProfileImport({ viewer: admin, importId: created.id }),
        done: (view) => view.message !== null,
      });
      // The read in hand beside the refused one finishes; nothing more is claimed.
      await (runner as JobsLoop).idle();
      const waiting = await imports.getProfileImport({ viewer: admin, importId: created.id });
      // 30% of the day is kept for people: background work may make 7 of the 10 calls.
      expect(waiting).toMatchObject({ read: 7, found: 7, finishedAt: null });
      expect(waiting.message).toMatch(/share of today’s Attestr calls.*00:00 UTC/);
      expect(reads()).toHaveLength(7);
      // A person still gets their share.
      const { getProfile } = await import('@/lib/profiles/get-profile');
      await expect(getProfile(emily)).resolves.toMatchObject({ profile: { id: emily } });
    } finally {
      await runner?.stop();
      runner = undefined;
      await configureDay({});
    }
  });

  it('gives back at once a read claimed as background work’s share ran out, so the loop stops', async () => {
    await configureDay({ ATTESTR_DAILY_LIMIT: '10', ATTESTR_INTERACTIVE_SHARE: '0.3' });
    try {
      // Six of background work's seven calls of the day are used: two readers claim together, and
      // only one of their reads fits.
      const { runInBackground } = await import('@/lib/attestr/priority');
      const { getProfile } = await import('@/lib/profiles/get-profile');
      for (const id of [gitanjali, arjun, priya, irfan, siobhan, kwame]) await runInBackground(() => getProfile(id));
      const created = await imports.createProfileImport({
        actor: admin,
        fileName: 'two.csv',
        profileIds: [liWei, jose],
      });
      start();
      await afterPasses({
        loop: runner as JobsLoop,
        what: 'the import waiting for the next day',
        read: () => imports.getProfileImport({ viewer: admin, importId: created.id }),
        done: (view) => view.message !== null && view.read === 1,
      });
      // The other read was not held in the budget until 00:00 UTC with its claim: stopping ends.
      await (runner as JobsLoop).stop();
      runner = undefined;
      const waiting = await imports.getProfileImport({ viewer: admin, importId: created.id });
      expect(waiting).toMatchObject({ read: 1, found: 1, finishedAt: null });
      expect(waiting.message).toMatch(/share of today’s Attestr calls/);
    } finally {
      await runner?.stop();
      runner = undefined;
      await configureDay({});
    }
  });
});

describePostgres('A directory import read by two instances', () => {
  let stack: AttestrTestStack;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine: 'postgres', token: TOKEN });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('never reads one ID twice: each is claimed by one instance', async () => {
    const imports = await import('@/lib/profiles/imports');
    const loop = await import('@/lib/jobs/loop');
    const kinds = await import('@/lib/profiles/import-jobs');
    // Slow answers, so that both instances are reading at once.
    stack.sandbox.configure({ latencyMs: 40 });
    const ids = [gitanjali, arjun, priya, irfan, siobhan, kwame, liWei, jose, anjali, hiroshi, emily, ...UNKNOWN];
    const created = await imports.createProfileImport({ actor: admin, fileName: 'shared.csv', profileIds: ids });
    const first = loop.startJobs({ kinds: [kinds.profileImportJobs()], everyMs: 50 });
    const second = loop.startJobs({ kinds: [kinds.profileImportJobs()], everyMs: 50 });
    try {
      const done = await afterPasses({
        loop: first,
        what: 'the import finishing',
        read: () => imports.getProfileImport({ viewer: admin, importId: created.id }),
        done: (view) => view.finishedAt !== null,
      });
      expect(done).toMatchObject({ total: 13, read: 13, found: 11, notFound: 2 });
      const gets = stack.proxy.requests.filter((request) => request.method === 'GET').map((request) => request.url);
      expect(gets).toHaveLength(13);
      expect(new Set(gets).size).toBe(13);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
