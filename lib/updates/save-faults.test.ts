import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS } from '@/sandbox';
import {
  GITANJALI_LOADED,
  startAttestrTestStack,
  TEST_ACTORS,
  type AttestrTestStack,
} from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'save-faults-test-token-91c3';
const { gitanjali } = SANDBOX_PROFILE_IDS;
const loaded = GITANJALI_LOADED;
const { hr, ops } = TEST_ACTORS;

type Save = typeof import('@/lib/updates/save');
type Attempts = typeof import('@/lib/db/update-attempts');
type UpdateErrorType = InstanceType<typeof import('@/lib/updates/errors').UpdateError>;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the save to fail');
    },
    (error: unknown) => error as UpdateErrorType,
  );

/** Reads `read` until `done` holds, for at most `ms`: the event a test waits for. */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > until) throw new Error(`${what} never happened`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}

/**
 * What a save does when the console around it fails: a database that refuses the outcome once
 * Attestr applied the update, an attempt taken for interrupted while its answer was on its way,
 * a process gone mid-save, two retries of one failure at once.
 */
describeEachEngine('the save path when things around it fail', (engine) => {
  let stack: AttestrTestStack;
  let save: Save;
  let attempts: Attempts;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN, env: { ATTESTR_TIMEOUT_MS: '3000' } });
    save = await import('@/lib/updates/save');
    attempts = await import('@/lib/db/update-attempts');
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.reset());

  const db = async () => (await import('@/lib/db/connection')).getDatabase().db;
  const saveAs = (attemptId: string, values: Partial<typeof loaded>) =>
    save.saveProfile({
      actor: hr,
      profileId: gitanjali,
      values: { ...loaded, ...values },
      base: loaded,
      source: 'form',
      attemptId,
    });
  const puts = () => stack.proxy.requests.filter((request) => request.method === 'PUT');

  /** Every change of an attempt's row refused, as by a database that failed, until dropped. */
  async function refuseAttemptWrites(): Promise<() => Promise<void>> {
    const handle = await db();
    if (engine === 'sqlite') {
      await sql`create trigger refuse_finish before update on update_attempt begin select raise(abort, 'refused by the test'); end`.execute(
        handle,
      );
      return async () => void (await sql`drop trigger refuse_finish`.execute(handle));
    }
    await sql`create function refuse_finish() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(
      handle,
    );
    await sql`create trigger refuse_finish before update on update_attempt for each row execute function refuse_finish()`.execute(
      handle,
    );
    return async () => {
      await sql`drop trigger refuse_finish on update_attempt`.execute(handle);
      await sql`drop function refuse_finish()`.execute(handle);
    };
  }

  it('answers an update Attestr applied as unknown, with its attempt, when its outcome cannot be recorded', async () => {
    const attemptId = randomUUID();
    const restore = await refuseAttemptWrites();
    let error: UpdateErrorType;
    try {
      error = await failure(saveAs(attemptId, { name: 'Gitanjali R.' }));
    } finally {
      await restore();
    }
    expect(error.name).toBe('UpdateError');
    expect(error.kind).toBe('unknown');
    expect(error.code).toBe('UPDATE_OUTCOME_UNKNOWN');
    expect(error.attemptId).toBe(attemptId);
    expect(puts()).toHaveLength(1);
    // The record is not left for ever: the sweep marks it unknown, and a check at Attestr
    // settles it as the success it was.
    expect((await attempts.findAttempt({ id: attemptId }))?.outcome).toBe('pending');
    expect(await attempts.markInterruptedAttempts({ startedBefore: Date.now() + 1, now: Date.now() })).toBe(1);
    const { checkAttemptAtAttestr } = await import('@/lib/updates/check-at-attestr');
    const checked = await checkAttemptAtAttestr({ actor: hr, attemptId });
    expect(checked.settled).toBe('succeeded');
  });

  it('records the success of an update that was taken for interrupted while its answer was on its way', async () => {
    stack.sandbox.configure({ latencyMs: 400 });
    const attemptId = randomUUID();
    const saving = saveAs(attemptId, { name: 'Gitanjali Raheja K.' });
    await waitFor(
      'the update being sent',
      () => attempts.findAttempt({ id: attemptId }),
      (found) => found?.outcome === 'pending',
    );
    // A sweep that took its process for gone marks it unknown meanwhile.
    expect(await attempts.markInterruptedAttempts({ startedBefore: Date.now() + 1000, now: Date.now() })).toBe(1);
    const saved = await saving;
    expect(saved.attemptId).toBe(attemptId);
    const record = await attempts.findAttempt({ id: attemptId });
    expect(record?.outcome).toBe('succeeded');
    expect(record?.after).toMatchObject({ name: 'Gitanjali Raheja K.' });
  });

  it('marks a gone process’s update unknown at once, and leaves a live one’s in progress', async () => {
    const recover = await import('@/lib/updates/recover');
    const { beatProcess } = await import('@/lib/db/processes');
    // A pid that ran on this machine and has ended.
    const gonePid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    const now = Date.now();
    await beatProcess({
      id: 'gone-process',
      host: hostname(),
      pid: gonePid,
      startedAt: now - 60_000,
      heartbeatAt: now,
    });
    const attempt = (id: string) => ({
      id,
      requestHash: 'hash',
      profileId: gitanjali,
      profileTag: loaded.tag,
      actorId: hr.userId,
      actorRole: hr.role,
      source: 'form' as const,
      reason: null,
      retryOf: null,
      changedFields: ['name' as const],
      requested: { name: 'Someone' },
      base: loaded,
      before: loaded,
      sent: { ...loaded, name: 'Someone' },
      createdAt: now,
    });
    const goneOne = randomUUID();
    const liveOne = randomUUID();
    await attempts.recordAttemptStarted({ attempt: attempt(goneOne), ownerProcess: 'gone-process' });
    await attempts.recordAttemptStarted({ attempt: attempt(liveOne), ownerProcess: recover.thisProcess.id });

    expect(await recover.sweepInterruptedAttempts(now)).toBe(1);
    const gone = await attempts.findAttempt({ id: goneOne });
    expect(gone?.outcome).toBe('unknown');
    expect(gone?.errorCode).toBe('UPDATE_INTERRUPTED');
    expect((await attempts.findAttempt({ id: liveOne }))?.outcome).toBe('pending');
    // Past the timeout, the live one is offered to be checked, and past the longest a save can
    // last it is marked too.
    expect(recover.isOverdue({ outcome: 'pending', createdAt: now }, now + 3_001)).toBe(true);
    expect(await recover.sweepInterruptedAttempts(now + 11_001)).toBe(1);
    expect((await attempts.findAttempt({ id: liveOne }))?.outcome).toBe('unknown');
  });

  it('lets a background save wait for the budget only briefly, as it holds the profile’s turn meanwhile', async () => {
    const { holdBackAttestrCalls } = await import('@/test/support/attestr-budget');
    const { runInBackground } = await import('@/lib/attestr/priority');
    const { getDatabase } = await import('@/lib/db/connection');
    // Attestr asked every instance to hold back for half a minute.
    const held = await holdBackAttestrCalls({ handle: getDatabase(), seconds: 30 });
    try {
      const started = Date.now();
      const error = await failure(runInBackground(() => saveAs(randomUUID(), { name: 'Gitanjali Background' })));
      expect(error.attestr?.code).toBe('ATTESTR_BUDGET_WAIT');
      expect(Date.now() - started, 'the turn was held that long').toBeLessThan(10_000);
      expect(stack.proxy.requests).toEqual([]);
    } finally {
      await held.release();
    }
  });

  it('sends a failed update once when two people press Retry at once', async () => {
    const original = randomUUID();
    stack.sandbox.injectFault({ kind: 'error5001', method: 'PUT' });
    await failure(saveAs(original, { name: 'Gitanjali Twice' }));
    expect((await attempts.findAttempt({ id: original }))?.outcome).toBe('failed');
    stack.reset();
    stack.sandbox.configure({ latencyMs: 100 });
    const { retryAttempt } = await import('@/lib/updates/retry');
    const results = await Promise.allSettled([
      retryAttempt({ actor: ops, attemptId: original, retryAttemptId: randomUUID() }),
      retryAttempt({ actor: { ...ops, userId: 'user-ops-2' }, attemptId: original, retryAttemptId: randomUUID() }),
    ]);
    expect(puts()).toHaveLength(1);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as UpdateErrorType).code).toBe('ATTEMPT_NOT_OPEN');
  });
});

describeEachEngine('a person’s wait for the Attestr budget', (engine) => {
  let stack: AttestrTestStack;

  beforeAll(async () => {
    stack = await startAttestrTestStack({
      engine,
      token: TOKEN,
      env: { ATTESTR_RATE_LIMIT_PER_SEC: '2', ATTESTR_INTERACTIVE_SHARE: '0' },
    });
  });
  afterAll(() => stack?.close());

  it('is one deadline for the whole save: eight saves at once at two calls a second are each answered within it', async () => {
    const save = await import('@/lib/updates/save');
    const attempts = await import('@/lib/db/update-attempts');
    const { sandboxSeedProfiles } = await import('@/sandbox');
    const { toFormValues } = await import('@/lib/shared/profile-fields');
    const profiles = sandboxSeedProfiles
      .filter((profile) => !profile.archived)
      .slice(0, 8)
      .map((profile) => ({ id: profile._id, base: toFormValues(profile) }));
    expect(profiles).toHaveLength(8);
    // Three calls a save: 24 calls at 2 a second would keep the last person twelve seconds.
    const answers = await Promise.all(
      profiles.map(async ({ id: profileId, base }) => {
        const started = Date.now();
        const attemptId = randomUUID();
        const outcome = await save
          .saveProfile({ actor: hr, profileId, values: { ...base, tag: 'ZZ-1' }, base, source: 'form', attemptId })
          .then(
            () => 'saved',
            (error: UpdateErrorType) => error.attestr?.code ?? error.code ?? error.kind,
          );
        return { attemptId, outcome, waited: Date.now() - started };
      }),
    );
    for (const answer of answers) {
      // Two seconds of budget waits, and the calls themselves.
      expect(answer.waited, `${answer.outcome} after ${answer.waited} ms`).toBeLessThan(4_500);
    }
    const refused = answers.filter((answer) => answer.outcome === 'ATTESTR_BUDGET_WAIT');
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      // Refused before anything was sent: on record as failed, never pending or unknown.
      const record = await attempts.findAttempt({ id: answer.attemptId });
      expect(record?.outcome).toBe('failed');
      expect(record?.errorCode).toBe('ATTESTR_BUDGET_WAIT');
    }
  }, 30_000);
});
