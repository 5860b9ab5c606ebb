import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

import { startAttestrTestStack, type AttestrTestStack } from '@/test/support/attestr-stack';
import { CONSOLE_ORIGIN } from '@/test/support/console';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'bulk-uploads-token-71c2';
const PASSWORD = 'bulk-uploads-password-1';
const PEOPLE = ['hrA', 'hrB', 'hrC', 'hrD', 'hrE', 'hrF'] as const;
type Person = (typeof PEOPLE)[number];
/** The limit of lines waiting per person in this file: a full file, and no more. */
const MAX_WAITING = 100_000;
/**
 * The longest the event loop may go without turning while files are read, checked and stored:
 * each slice, statement and commit takes a few milliseconds to a few tens; the bound leaves room
 * for a machine shared with other work. Reading, checking and storing in one go held it for the
 * whole upload, seconds, and it never turned at all meanwhile.
 */
const MAX_LOOP_STALL_MS = 1_500;

/**
 * Watches the event loop from a timer of its own: how often it turned, and the longest it went
 * without turning, counting the stretch from the last turn to the moment of stopping (a loop
 * held all along shows as one stall, not as no delay).
 */
function watchEventLoop(): { stop: () => { turns: number; longestStallMs: number } } {
  let last = performance.now();
  let longest = 0;
  let turns = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns += 1;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return { turns, longestStallMs: Math.max(longest, performance.now() - last) };
    },
  };
}

interface Answer {
  status: number;
  headers: Headers;
  json: { job?: { id: string; counts: { total: number } }; error?: Record<string, unknown> };
}

/** A file of `lines` lines, each a distinct profile ID that is well formed (none is sent). */
function bulkFile(prefix: string, lines: number): string {
  const rows = ['profileId,name,email'];
  for (let i = 0; i < lines; i += 1) {
    rows.push(`${prefix}${String(i).padStart(10, '0')},Person ${i} ${prefix},person${i}.${prefix}@example.org`);
  }
  return rows.join('\n');
}

const mapping = { profileId: 'profileId', name: 'name', email: 'email' };

describeEachEngine('Bulk uploads while others use the console', (engine) => {
  let stack: AttestrTestStack;
  let jobsRoute: typeof import('@/app/api/bulk/jobs/route');
  let uploadsInProgress: () => number;
  const cookies = {} as Record<Person, string>;

  beforeAll(async () => {
    stack = await startAttestrTestStack({
      engine,
      token: TOKEN,
      env: { BULK_UPLOADS_AT_ONCE: '2', BULK_MAX_WAITING_LINES_PER_PERSON: String(MAX_WAITING) },
    });
    const { getAuth } = await import('@/lib/auth/auth');
    for (const person of PEOPLE) {
      const email = `${person.toLowerCase()}.bulk-uploads@example.com`;
      await getAuth().api.createUser({ body: { email, password: PASSWORD, name: `${person} tester`, role: 'hr' } });
      const signedIn = await getAuth().api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
      cookies[person] = signedIn.headers
        .getSetCookie()
        .map((line) => line.split(';', 1)[0])
        .join('; ');
    }
    jobsRoute = await import('@/app/api/bulk/jobs/route');
    ({ bulkUploadsInProgress: uploadsInProgress } = await import('@/lib/bulk/upload-slots'));
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** The request as a browser sends it, made up front so that making it is not measured. */
  const request = (as: Person, csv: string): NextRequest =>
    new NextRequest(`${CONSOLE_ORIGIN}/api/bulk/jobs`, {
      method: 'POST',
      headers: { cookie: cookies[as], origin: CONSOLE_ORIGIN, 'content-type': 'application/json' },
      body: new TextEncoder().encode(JSON.stringify({ fileName: `${as}.csv`, csv, mapping, dryRun: false })),
    });
  const send = async (made: NextRequest): Promise<Answer> => {
    const response = await jobsRoute.POST(made, { params: Promise.resolve({}) });
    return { status: response.status, headers: response.headers, json: (await response.json()) as Answer['json'] };
  };
  const upload = (as: Person, csv: string): Promise<Answer> => send(request(as, csv));
  /** Resolves once this many uploads are being read and checked. */
  const whileChecking = (count: number) =>
    vi.waitFor(() => expect(uploadsInProgress()).toBe(count), { timeout: 20_000, interval: 1 });

  it('keeps the server answering while two people’s files of 100,000 lines are read, checked and stored', async () => {
    const requests = [request('hrA', bulkFile('A', 100_000)), request('hrB', bulkFile('B', 100_000))];
    const loop = watchEventLoop();
    const answers = await Promise.all(requests.map(send));
    const { turns, longestStallMs } = loop.stop();
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.json.job?.counts.total)).toEqual([100_000, 100_000]);
    expect(turns).toBeGreaterThan(100);
    expect(longestStallMs).toBeLessThan(MAX_LOOP_STALL_MS);
    expect(stack.proxy.requests).toEqual([]);
  }, 120_000);

  it('refuses a person’s second upload while their first is checked (429), and a third person’s while two are (503)', async () => {
    const firstOfC = upload('hrC', bulkFile('C', 30_000));
    const firstOfD = upload('hrD', bulkFile('D', 30_000));
    await whileChecking(2);
    const again = await upload('hrC', bulkFile('C2', 10));
    expect(again.status).toBe(429);
    expect(again.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(again.json.error).toMatchObject({
      code: 'BULK_UPLOAD_IN_PROGRESS',
      message: 'Another upload of yours is still being checked',
      advice: expect.stringMatching(/Try again when it finishes/),
      retryAfterSeconds: Number(again.headers.get('Retry-After')),
    });
    const third = await upload('hrE', bulkFile('E', 10));
    expect(third.status).toBe(503);
    expect(third.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(third.json.error).toMatchObject({ code: 'BULK_UPLOADS_BUSY', advice: expect.stringMatching(/Try again/) });

    expect((await firstOfC).status).toBe(201);
    expect((await firstOfD).status).toBe(201);
    expect(uploadsInProgress()).toBe(0);
    // Once the first is stored, the same person may upload again.
    expect((await upload('hrC', bulkFile('C3', 10))).status).toBe(201);
  }, 120_000);

  it('refuses a file that would take a person past the lines they may have waiting, and says how many', async () => {
    expect((await upload('hrF', bulkFile('F1', 60_000))).status).toBe(201);
    const over = await upload('hrF', bulkFile('F2', MAX_WAITING - 60_000 + 1));
    expect(over.status).toBe(409);
    expect(over.json.error).toMatchObject({
      code: 'BULK_TOO_MANY_WAITING_LINES',
      message: 'Your bulk updates already have too many lines waiting to be sent',
      advice: expect.stringMatching(/Wait for your bulk updates under way to finish, or cancel one/),
      details:
        'Your bulk updates have 60,000 lines still to send and this file 40,001 more; one person may have at most 100,000 waiting.',
    });
    expect((await upload('hrF', bulkFile('F3', MAX_WAITING - 60_000))).status).toBe(201);
    const full = await upload('hrF', bulkFile('F4', 1));
    expect(full.status).toBe(409);
    expect(full.json.error?.details).toBe(
      'Your bulk updates have 100,000 lines still to send; one person may have at most 100,000 waiting.',
    );
    // Others' lines are theirs: a person with none waiting is not refused.
    expect((await upload('hrE', bulkFile('E2', 10))).status).toBe(201);
  }, 120_000);

  it('shows no one a job whose lines are still being stored, and deletes one a stopped process left half-stored', async () => {
    const { getDatabase } = await import('@/lib/db/connection');
    const jobs = await import('@/lib/db/bulk-jobs');
    const { db } = getDatabase();
    const createdAt = Date.now();
    const id = 'half-stored-job';
    await db
      .insertInto('bulk_job')
      .values({
        id,
        created_by: 'user-left-midway',
        created_by_role: 'hr',
        file_name: 'half.csv',
        headers: '["profileId","email"]',
        fields: '["email"]',
        dry_run: 0,
        state: 'storing',
        message: null,
        paused_until: null,
        retry_of: null,
        total: 2,
        created_at: createdAt,
        started_at: createdAt,
        first_sent_at: null,
        finished_at: null,
        purged_at: null,
      })
      .execute();
    await db
      .insertInto('bulk_row')
      .values({
        job_id: id,
        line: 2,
        profile_id: 'HALF00000001',
        cells: '["HALF00000001","a@example.com"]',
        set_values: '{"email":"a@example.com"}',
        state: 'pending',
        attempt_id: null,
        next_try_at: null,
        claimed_by: null,
        claim_until: null,
        result_code: null,
        result_message: null,
        preview_state: null,
        preview_current: null,
        preview_changes: null,
        finished_at: null,
      })
      .execute();
    expect(await jobs.findBulkJob({ id })).toBeUndefined();
    expect((await jobs.listBulkJobRecords({ limit: 1_000 })).map((job) => job.id)).not.toContain(id);
    expect((await jobs.nextWorkingJob({ now: createdAt + 1, skip: [] }))?.id).not.toBe(id);
    // Writing may still be under way within the hour; after it, the job was left midway.
    expect(await jobs.dropAbandonedStores({ at: createdAt + 59 * 60_000 })).toBe(0);
    expect(await jobs.dropAbandonedStores({ at: createdAt + 61 * 60_000 })).toBe(1);
    const left = await db.selectFrom('bulk_row').select('line').where('job_id', '=', id).execute();
    expect(left).toEqual([]);
    expect(await db.selectFrom('bulk_job').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });
});
