import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import type { ColumnMapping } from '@/lib/bulk/rows';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'save-under-load-token-52e0';
const PROFILES = 20;
const SAVES = 40;
/** Far longer than any of these saves takes; a save not answered by then is hung. */
const HUNG_MS = 30_000;

/**
 * Many people saving at once while a bulk job runs, as a team on one console does: on
 * PostgreSQL, ten saves holding the pool's ten connections once waited for an eleventh for
 * ever. Every save must be answered, and the record must match what reached Attestr.
 */
describeEachEngine('saves at once, with a bulk job running', (engine) => {
  let stack: AttestrTestStack;
  let stopRunner: (() => Promise<void>) | undefined;
  const ids: string[] = [];
  const people: { userId: string; role: 'hr' }[] = [];

  beforeAll(async () => {
    stack = await startAttestrTestStack({
      engine,
      token: TOKEN,
      // The budget far above this load: every save and line may go, so each one's outcome is
      // Attestr's and the counts below can be exact.
      env: { BULK_CONCURRENCY: '4', ATTESTR_TIMEOUT_MS: '5000' },
    });
    const { getAttestrClient } = await import('@/lib/attestr/instance');
    const client = await getAttestrClient();
    for (let index = 0; index < PROFILES; index += 1) {
      const created = await client.createProfile({ tag: `LOAD-${index}`, name: `Person ${index}` });
      ids.push(created.id);
    }
    const { getAuth } = await import('@/lib/auth/auth');
    for (let index = 0; index < SAVES; index += 1) {
      const { user } = await getAuth().api.createUser({
        body: {
          email: `saver-${index}@example.test`,
          password: 'a long enough password 1',
          name: `Saver ${index}`,
          role: 'hr',
        },
      });
      people.push({ userId: user.id, role: 'hr' });
    }
  }, 60_000);
  afterAll(async () => {
    await stopRunner?.();
    await stack?.close();
  });

  it('answers every save, and each success is one succeeded attempt and one update at Attestr', async () => {
    const service = await import('@/lib/bulk/service');
    const { startJobs } = await import('@/lib/jobs/loop');
    const { bulkLineJobs } = await import('@/lib/bulk/line-jobs');
    const save = await import('@/lib/updates/save');
    const attempts = await import('@/lib/db/update-attempts');

    // A bulk job setting every profile's mobile, running while the people save.
    const mapping = { profileId: 'profileId', mobile: 'mobile' } as ColumnMapping;
    const csv = ['profileId,mobile', ...ids.map((id, index) => `${id},+9198765${String(index).padStart(5, '0')}`)].join(
      '\n',
    );
    const owner = people[0]!;
    const job = await service.createBulkJob({ actor: owner, fileName: 'mobiles.csv', dryRun: false, csv, mapping });
    stopRunner = startJobs({ kinds: [bulkLineJobs()], everyMs: 20 }).stop;

    // Two people per profile, each changing a field of their own from what they opened.
    const base = (index: number) => ({ tag: `LOAD-${index}`, name: `Person ${index}`, email: '', mobile: '' });
    const outcomes = await Promise.all(
      people.map(async (actor, index) => {
        const profile = index % PROFILES;
        const values =
          index < PROFILES
            ? { ...base(profile), name: `Person ${profile} Renamed` }
            : { ...base(profile), email: `person-${profile}@example.test` };
        const attemptId = randomUUID();
        const saving = save
          .saveProfile({ actor, profileId: ids[profile]!, values, base: base(profile), source: 'form', attemptId })
          .then(
            () => ({ attemptId, ok: true as const }),
            (error: unknown) => ({ attemptId, ok: false as const, error }),
          );
        let timer: NodeJS.Timeout | undefined;
        const hung = new Promise<'hung'>((resolve) => {
          timer = setTimeout(() => resolve('hung'), HUNG_MS);
        });
        const outcome = await Promise.race([saving, hung]);
        clearTimeout(timer);
        return outcome;
      }),
    );

    expect(
      outcomes.filter((outcome) => outcome === 'hung'),
      'saves never answered',
    ).toHaveLength(0);
    const answered = outcomes.filter((outcome) => outcome !== 'hung');
    const crashed = answered.filter((outcome) => !outcome.ok && (outcome.error as Error).name !== 'UpdateError');
    expect(
      crashed.map((outcome) => String((outcome as { error: unknown }).error)),
      'saves that crashed',
    ).toEqual([]);

    // The bulk job ends too.
    const deadline = Date.now() + HUNG_MS;
    let view = await service.getBulkJob({ viewer: owner, jobId: job.id });
    while (view.state !== 'finished' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      view = await service.getBulkJob({ viewer: owner, jobId: job.id });
    }
    expect(view.state).toBe('finished');

    // Every success the people were told of is exactly one succeeded attempt.
    for (const outcome of answered.filter((each) => each.ok)) {
      expect((await attempts.findAttempt({ id: outcome.attemptId }))?.outcome).toBe('succeeded');
    }
    // Per profile, Attestr's accepted updates are the succeeded attempts that sent one, and
    // no attempt says unknown.
    for (const id of ids) {
      const records = await attempts.listProfileAttempts({ profileId: id, limit: 100 });
      expect(records.filter((record) => record.outcome === 'unknown' || record.outcome === 'pending')).toEqual([]);
      const sent = records.filter((record) => record.outcome === 'succeeded' && record.changedFields.length > 0);
      const accepted = stack.proxy.requests.filter(
        (request) => request.method === 'PUT' && request.url.endsWith(`/${id}`) && request.status === 200,
      );
      expect(accepted.length, `updates of ${id} at Attestr`).toBe(sent.length);
    }
    expect(answered.filter((outcome) => outcome.ok).length).toBeGreaterThan(0);
  }, 120_000);
});
