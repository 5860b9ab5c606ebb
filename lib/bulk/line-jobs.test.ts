import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { FACTX, startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';
import { afterPasses } from '@/test/support/jobs';
import type { JobsLoop } from '@/lib/jobs/loop';

const TOKEN = 'bulk-runner-test-token-51c0';
const { gitanjali, arjun, priya, irfan, siobhan, kwame } = SANDBOX_PROFILE_IDS;

type Service = typeof import('@/lib/bulk/service');
type Loop = typeof import('@/lib/jobs/loop');
type Kinds = typeof import('@/lib/bulk/line-jobs');

describeEachEngine('Bulk updates in the background', (engine) => {
  let stack: AttestrTestStack;
  let service: Service;
  let loop: Loop;
  let kinds: Kinds;
  let jobs: JobsLoop | undefined;
  const hr = { userId: '', role: 'hr' };
  const support = { userId: '', role: 'support' };

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const [person, role] of [
      [hr, 'hr'],
      [support, 'support'],
    ] as const) {
      const { user } = await getAuth().api.createUser({
        body: {
          email: `${role}-bulk@example.test`,
          password: 'a long enough password 1',
          name: `${role} person`,
          role,
        },
      });
      person.userId = user.id;
    }
    service = await import('@/lib/bulk/service');
    loop = await import('@/lib/jobs/loop');
    kinds = await import('@/lib/bulk/line-jobs');
  });
  afterAll(async () => {
    await jobs?.stop();
    await stack?.close();
  });
  beforeEach(async () => {
    await jobs?.stop();
    jobs = undefined;
    stack.reset();
  });

  const puts = () => stack.proxy.requests.filter((request) => request.method === 'PUT');
  const profile = async (id: string) => {
    const response = await fetch(`${stack.sandbox.url}${FACTX}/${id}`, {
      headers: { Authorization: `Basic ${TOKEN}`, 'x-api-version': 'v1' },
    });
    return (await response.json()) as { email: string | null; mobile: string | null; name: string; tag: string };
  };
  const start = () => {
    jobs = loop.startJobs({ kinds: [kinds.bulkLineJobs()], everyMs: 100 });
  };
  const until = (jobId: string, states: string[], viewer = hr) =>
    afterPasses({
      loop: jobs as JobsLoop,
      what: `The job becoming ${states.join(' or ')}`,
      read: () => service.getBulkJob({ viewer, jobId }),
      done: (job) => states.includes(job.state),
    });

  it('sends each line once through the save path, and a second identical file sends nothing', async () => {
    const csv = [
      'profileId,email,mobile',
      `${gitanjali},g.raheja@example.com,`,
      `${arjun},,+91 98765 43210`,
      `${priya},priya@example.com,+447911123456`,
      `${irfan},not-an-email,`,
    ].join('\n');
    const created = await service.createBulkJob({
      actor: support,
      fileName: 'contacts.csv',
      csv,
      mapping: { profileId: 'profileId', email: 'email', mobile: 'mobile' },
      dryRun: false,
    });
    expect(created.counts).toMatchObject({ total: 4, failed: 1, remaining: 3 });
    start();
    const job = await until(created.id, ['finished']);
    expect(job.counts).toMatchObject({ total: 4, done: 3, failed: 1, remaining: 0 });
    expect(puts()).toHaveLength(3);
    expect((await profile(gitanjali)).email).toBe('g.raheja@example.com');
    expect((await profile(arjun)).mobile).toBe('+919876543210');
    const { rows } = await service.listBulkRows({ viewer: support, jobId: job.id, group: 'failed' });
    expect(rows).toEqual([expect.objectContaining({ line: 5, state: 'invalid', profileId: irfan })]);
    expect(rows[0]?.result?.message).toMatch(/Email: Enter a valid email address/);

    const again = await service.createBulkJob({
      actor: support,
      fileName: 'contacts.csv',
      csv,
      mapping: { profileId: 'profileId', email: 'email', mobile: 'mobile' },
      dryRun: false,
    });
    const second = await until(again.id, ['finished']);
    expect(second.counts.byState).toMatchObject({ unchanged: 3, invalid: 1 });
    expect(puts()).toHaveLength(3);
  });

  it('sends a line again after Attestr’s 5001, once the back-off is over, and ends the job', async () => {
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT', pathIncludes: priya });
    const created = await service.createBulkJob({
      actor: hr,
      fileName: 'names.csv',
      csv: `profileId,name\n${priya},Priya After A Hiccup\n`,
      mapping: { profileId: 'profileId', name: 'name' },
      dryRun: false,
    });
    start();
    const job = await until(created.id, ['finished']);
    expect(job.counts).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect(puts()).toHaveLength(2);
    expect((await profile(priya)).name).toBe('Priya After A Hiccup');
    const { rows } = await service.listBulkRows({ viewer: hr, jobId: job.id, group: 'all' });
    expect(rows).toEqual([expect.objectContaining({ state: 'succeeded', attemptId: `${job.id}.2.2` })]);
  });

  it('refuses a support agent’s file with a name column before anything is stored or sent', async () => {
    await expect(
      service.createBulkJob({
        actor: support,
        fileName: 'names.csv',
        csv: `profileId,name\n${gitanjali},Someone Else\n`,
        mapping: { profileId: 'profileId', name: 'name' },
        dryRun: false,
      }),
    ).rejects.toMatchObject({
      code: 'BULK_FILE_INVALID',
      extras: { problems: [expect.stringMatching(/cannot change Name/)] },
    });
    expect(await service.listBulkJobs({ viewer: support })).toHaveLength(2);
    expect(stack.proxy.requests).toHaveLength(0);
  });

  it('notes each profile a line reads in the index, so Find a profile finds one first met in a bulk file', async () => {
    const { findProfiles } = await import('@/lib/profiles/search');
    const names = async (query: string) =>
      (await findProfiles({ query })).results.map((found) => [found.profileId, found.name]);
    expect(await names('siobhan')).toEqual([]);
    expect(await names('kwame')).toEqual([]);
    // A dry run reads the line's profile; an update reads it before sending.
    const dryRun = await service.createBulkJob({
      actor: hr,
      fileName: 'tags.csv',
      csv: `profileId,tag\n${siobhan},AA-7001\n`,
      mapping: { profileId: 'profileId', tag: 'tag' },
      dryRun: true,
    });
    const update = await service.createBulkJob({
      actor: hr,
      fileName: 'tags.csv',
      csv: `profileId,tag\n${kwame},AA-7002\n`,
      mapping: { profileId: 'profileId', tag: 'tag' },
      dryRun: false,
    });
    start();
    await until(dryRun.id, ['checked']);
    await until(update.id, ['finished']);
    expect(await names('siobhan')).toEqual([[siobhan, 'Siobhán O’Connell']]);
    expect(await names('kwame')).toEqual([[kwame, 'Kwame Mensah']]);
  });
});
