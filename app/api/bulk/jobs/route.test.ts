import { NextRequest } from 'next/server';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { CONSOLE_ORIGIN } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'bulk-route-token-4e8a';
const PASSWORD = 'bulk-route-password-1';
const { gitanjali, arjun, priya } = SANDBOX_PROFILE_IDS;
const ROLES = ['admin', 'hr', 'support', 'otherSupport', 'ops'] as const;
type Person = (typeof ROLES)[number];

type JobsRoute = typeof import('@/app/api/bulk/jobs/route');
type JobRoute = typeof import('@/app/api/bulk/jobs/[jobId]/route');
type RowsRoute = typeof import('@/app/api/bulk/jobs/[jobId]/rows/route');
type FailedRowsRoute = typeof import('@/app/api/bulk/jobs/[jobId]/failed-rows/route');
type ActionRoute = {
  POST: (request: NextRequest, context: { params: Promise<{ jobId: string }> }) => Promise<Response>;
};
type Action = 'pause' | 'resume' | 'cancel' | 'start' | 'retry-failed';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> & { error?: { code?: string; problems?: string[] } & Record<string, unknown> };
}

const contacts = { profileId: 'profileId', email: 'email', mobile: 'mobile' };

describeEachEngine('The bulk jobs API', (engine) => {
  let stack: AttestrTestStack;
  let jobsRoute: JobsRoute;
  let jobRoute: JobRoute;
  let rowsRoute: RowsRoute;
  let failedRowsRoute: FailedRowsRoute;
  const actions = {} as Record<Action, ActionRoute>;
  const users = {} as Record<Person, { id: string; cookie: string }>;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const person of ROLES) {
      const email = `${person.toLowerCase()}.bulk-route@example.com`;
      const role = person === 'otherSupport' ? 'support' : person;
      const created = await getAuth().api.createUser({
        body: { email, password: PASSWORD, name: `${person} tester`, role },
      });
      const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(';', 1)[0])
        .join('; ');
      users[person] = { id: created.user.id, cookie };
    }
    jobsRoute = await import('@/app/api/bulk/jobs/route');
    jobRoute = await import('@/app/api/bulk/jobs/[jobId]/route');
    rowsRoute = await import('@/app/api/bulk/jobs/[jobId]/rows/route');
    failedRowsRoute = await import('@/app/api/bulk/jobs/[jobId]/failed-rows/route');
    actions.pause = await import('@/app/api/bulk/jobs/[jobId]/pause/route');
    actions.resume = await import('@/app/api/bulk/jobs/[jobId]/resume/route');
    actions.cancel = await import('@/app/api/bulk/jobs/[jobId]/cancel/route');
    actions.start = await import('@/app/api/bulk/jobs/[jobId]/start/route');
    actions['retry-failed'] = await import('@/app/api/bulk/jobs/[jobId]/retry-failed/route');
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(() => {
    stack.reset();
  });

  const request = (
    path: string,
    init: { as: Person; method?: 'GET' | 'POST'; body?: string; origin?: string | null },
  ): NextRequest =>
    new NextRequest(`${CONSOLE_ORIGIN}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie: users[init.as].cookie,
        ...(init.origin === null ? {} : { origin: init.origin ?? CONSOLE_ORIGIN }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body,
    });
  const answer = async (response: Response): Promise<Answer> => {
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Answer['json']) : {};
    return { status: response.status, headers: response.headers, text, json };
  };
  const params = (jobId: string) => ({ params: Promise.resolve({ jobId }) });

  const createJob = async (
    as: Person,
    body: { fileName?: string; csv: string; mapping: Record<string, string | null>; dryRun?: boolean },
    origin?: string | null,
  ) =>
    answer(
      await jobsRoute.POST(
        request('/api/bulk/jobs', {
          as,
          method: 'POST',
          origin,
          body: JSON.stringify({ fileName: 'contacts.csv', dryRun: false, ...body }),
        }),
        { params: Promise.resolve({}) },
      ),
    );
  const listJobs = async (as: Person) =>
    ((await answer(await jobsRoute.GET(request('/api/bulk/jobs', { as }), { params: Promise.resolve({}) }))).json
      .jobs ?? []) as { id: string }[];
  const act = async (action: Action, jobId: string, as: Person) =>
    answer(
      await actions[action].POST(request(`/api/bulk/jobs/${jobId}/${action}`, { as, method: 'POST' }), params(jobId)),
    );

  it('refuses support’s file with a name column: 422 with the reason, nothing stored, nothing sent', async () => {
    const before = (await listJobs('support')).length;
    const refused = await createJob('support', {
      csv: `profileId,name\n${gitanjali},Someone Else\n`,
      mapping: { profileId: 'profileId', name: 'name' },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({
      code: 'BULK_FILE_INVALID',
      problems: [
        'Your role cannot change Name, so the column “name” cannot be used: remove it or leave it unmapped. You may change Email and Mobile.',
      ],
    });
    expect(await listJobs('support')).toHaveLength(before);
    expect(stack.proxy.requests).toEqual([]);
  });

  it('checks the mapping again on the server: a column the browser would have refused is still refused', async () => {
    // A hand-made request maps a header the page would leave out onto Tag.
    const refused = await createJob('support', {
      csv: `profileId,email,Reference\n${gitanjali},g@example.com,AA-1\n`,
      mapping: { profileId: 'profileId', email: 'email', Reference: 'tag' },
    });
    expect(refused.status).toBe(422);
    expect(refused.json.error?.problems).toEqual([
      expect.stringMatching(/^Your role cannot change Tag, so the column “Reference”/),
    ]);
    const unknownColumn = await createJob('hr', {
      csv: `profileId,email\n${gitanjali},g@example.com\n`,
      mapping: { profileId: 'profileId', email: 'archived' },
    });
    expect(unknownColumn.status).toBe(422);
    expect(unknownColumn.json.error?.code).toBe('VALIDATION_FAILED');
    expect(stack.proxy.requests).toEqual([]);
  });

  it('refuses operations with 403, a request from another site, and a body over the limit with 413', async () => {
    const csv = `profileId,email\n${gitanjali},g@example.com\n`;
    const ops = await createJob('ops', { csv, mapping: contacts });
    expect(ops.status).toBe(403);
    expect(ops.json.error?.code).toBe('FORBIDDEN');
    const crossSite = await createJob('hr', { csv, mapping: contacts }, 'https://elsewhere.example');
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error?.code).toBe('CROSS_SITE_REQUEST');
    const { CREATE_BULK_JOB_MAX_BYTES } = await import('@/app/api/bulk/jobs/schema');
    const huge = await createJob('hr', {
      csv: `profileId,email\n${'x'.repeat(CREATE_BULK_JOB_MAX_BYTES)}`,
      mapping: contacts,
    });
    expect(huge.status).toBe(413);
    expect(huge.json.error?.code).toBe('PAYLOAD_TOO_LARGE');
    // Under the request's limit but over the file's 20 MB.
    const line = `${gitanjali},someone@example.com\n`;
    const tooBig = await createJob('hr', {
      csv: `profileId,email\n${line.repeat(Math.ceil((20 * 1024 * 1024) / line.length) + 1)}`,
      mapping: contacts,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error).toMatchObject({
      code: 'BULK_FILE_TOO_LARGE',
      problems: ['The file is larger than 20 MB.'],
    });
    expect(stack.proxy.requests).toEqual([]);
  });

  it('stores invalid lines as invalid with their reason, never sent; lists them by page and downloads them', async () => {
    const created = await createJob('support', {
      fileName: 'march contacts.csv',
      csv: [
        'profileId,email,mobile',
        `${gitanjali},g@example.com,`,
        `${arjun},not-an-email,`,
        `${priya},,12345`,
        `${gitanjali},again@example.com,`,
      ].join('\n'),
      mapping: contacts,
    });
    expect(created.status).toBe(201);
    const job = created.json.job as { id: string; state: string; counts: Record<string, unknown>; fields: string[] };
    expect(job).toMatchObject({
      state: 'queued',
      fields: ['email', 'mobile'],
      counts: { total: 4, failed: 3, remaining: 1 },
    });

    const page = async (query: string, as: Person = 'support') =>
      answer(await rowsRoute.GET(request(`/api/bulk/jobs/${job.id}/rows?${query}`, { as }), params(job.id)));
    const failed = await page('group=failed');
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({
      next: null,
      rows: [
        { line: 3, state: 'invalid', result: { message: 'Email: Enter a valid email address, like name@company.com' } },
        { line: 4, state: 'invalid', result: { message: expect.stringMatching(/^Mobile: /) } },
        {
          line: 5,
          state: 'invalid',
          result: { message: 'This profile is also on line 2: put each profile on one line only.' },
        },
      ],
    });
    const first = await page('limit=2');
    expect((first.json.rows as { line: number }[]).map((row) => row.line)).toEqual([2, 3]);
    expect(first.json.next).toBe(3);
    const second = await page('limit=2&after=3');
    expect((second.json.rows as { line: number }[]).map((row) => row.line)).toEqual([4, 5]);
    expect(second.json.next).toBeNull();
    expect((await page('group=everything')).status).toBe(422);

    const download = await answer(
      await failedRowsRoute.GET(request(`/api/bulk/jobs/${job.id}/failed-rows`, { as: 'support' }), params(job.id)),
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="march_contacts-failed-rows.csv"');
    expect(download.text.split('\r\n')[0]).toBe('profileId,email,mobile,error');
    expect(download.text.split('\r\n')).toHaveLength(5);

    const asOther = await answer(
      await jobRoute.GET(request(`/api/bulk/jobs/${job.id}`, { as: 'otherSupport' }), params(job.id)),
    );
    expect(asOther.status).toBe(404);
    expect(asOther.json.error?.code).toBe('BULK_JOB_NOT_FOUND');
    expect((await page('group=all', 'otherSupport')).status).toBe(404);
    const asHr = await answer(await jobRoute.GET(request(`/api/bulk/jobs/${job.id}`, { as: 'hr' }), params(job.id)));
    expect(asHr.status).toBe(200);
    expect(stack.proxy.requests).toEqual([]);

    // Operations may cancel it; a second cancel is refused with what can be done now.
    const cancelled = await act('cancel', job.id, 'ops');
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.job).toMatchObject({ state: 'cancelled', counts: { cancelled: 1 } });
    const again = await act('cancel', job.id, 'support');
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('BULK_JOB_STATE');
    const retry = await act('retry-failed', job.id, 'support');
    expect(retry.status).toBe(409);
    expect(retry.json.error?.code).toBe('BULK_NOTHING_TO_RETRY');
    expect(stack.proxy.requests).toEqual([]);
  });

  it('lets only the people who may act on a job do so', async () => {
    const created = await createJob('support', {
      csv: `profileId,email\n${gitanjali},who@example.com\n`,
      mapping: contacts,
      dryRun: true,
    });
    const jobId = (created.json.job as { id: string }).id;
    expect((await act('pause', jobId, 'otherSupport')).status).toBe(404);
    const paused = await act('pause', jobId, 'hr');
    expect(paused.status).toBe(200);
    expect(paused.json.job).toMatchObject({ state: 'paused', may: { pause: false, resume: true } });
    expect((await act('resume', jobId, 'support')).json.job).toMatchObject({ state: 'dry_run' });
    const start = await act('start', jobId, 'support');
    expect(start.status).toBe(409);
    expect(start.json.error?.code).toBe('BULK_JOB_STATE');
    expect((await act('start', jobId, 'hr')).json.error?.code).toBe('FORBIDDEN');
    expect((await act('pause', 'not-a-job-id', 'hr')).status).toBe(404);
    const crossSite = await answer(
      await actions.cancel.POST(
        request(`/api/bulk/jobs/${jobId}/cancel`, { as: 'support', method: 'POST', origin: null }),
        params(jobId),
      ),
    );
    expect(crossSite.status).toBe(403);
    expect((await act('cancel', jobId, 'admin')).json.job).toMatchObject({ state: 'cancelled' });
    expect(stack.proxy.requests).toEqual([]);
  });
});
