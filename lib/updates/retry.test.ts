import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, type RunningSandbox } from '@/sandbox';
import {
  FACTX,
  GITANJALI_LOADED,
  startAttestrTestStack,
  TEST_ACTORS,
  type AttestrTestStack,
} from '@/test/support/attestr-stack';
import type { CountingProxy } from '@/test/support/counting-proxy';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'retry-test-token-8d2e';
const { gitanjali, archived } = SANDBOX_PROFILE_IDS;
const loaded = GITANJALI_LOADED;
const { hr, otherHr, support, ops, admin } = TEST_ACTORS;

type Save = typeof import('@/lib/updates/save');
type Retry = typeof import('@/lib/updates/retry');
type Attempts = typeof import('@/lib/db/update-attempts');
type UpdateErrorType = InstanceType<typeof import('@/lib/updates/errors').UpdateError>;

describeEachEngine('retrying and resolving an update', (engine) => {
  let stack: AttestrTestStack;
  let sandbox: RunningSandbox;
  let proxy: CountingProxy;
  let save: Save;
  let retry: Retry;
  let attempts: Attempts;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    ({ sandbox, proxy } = stack);
    save = await import('@/lib/updates/save');
    retry = await import('@/lib/updates/retry');
    attempts = await import('@/lib/db/update-attempts');
  });
  afterAll(() => stack?.close());
  beforeEach(() => stack.reset());

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected it to fail');
      },
      (error: unknown) => error as UpdateErrorType,
    );
  const saveAs = (actor: { userId: string; role: string }, values: Partial<typeof loaded>, profileId = gitanjali) =>
    save.saveProfile({
      actor,
      profileId,
      values: { ...loaded, ...values },
      base: loaded,
      source: 'form',
      attemptId: randomUUID(),
      reason: 'TICKET-77',
    });
  /** A save that Attestr fails (5001 on the update): the attempt to retry. */
  async function failedSave(actor: { userId: string; role: string }, values: Partial<typeof loaded>) {
    sandbox.injectFault({ kind: 'error5001', method: 'PUT' });
    const error = await failure(saveAs(actor, values));
    expect(error).toMatchObject({ kind: 'failed', attestr: { code: 5001 } });
    proxy.requests.length = 0;
    return error.attemptId as string;
  }
  const puts = () => proxy.requests.filter((request) => request.method === 'PUT');
  async function held(profileId: string = gitanjali) {
    const response = await fetch(`${sandbox.url}${FACTX}/${profileId}`, {
      headers: { authorization: `Basic ${TOKEN}` },
    });
    return (await response.json()) as Record<string, unknown>;
  }
  /** An attempt written straight into the record, as a forged or damaged row would be. */
  async function recordedFailure(input: {
    actorRole: string;
    changedFields: ('tag' | 'name' | 'email' | 'mobile')[];
    requested: Partial<typeof loaded>;
  }) {
    const id = randomUUID();
    await attempts.recordAttemptFinished({
      attempt: {
        id,
        requestHash: 'h',
        profileId: gitanjali,
        profileTag: loaded.tag,
        actorId: 'someone',
        actorRole: input.actorRole,
        source: 'form',
        reason: null,
        retryOf: null,
        changedFields: input.changedFields,
        requested: input.requested,
        base: loaded,
        before: loaded,
        sent: null,
        createdAt: Date.now(),
      },
      outcome: { outcome: 'failed', errorSource: 'attestr', errorCode: '5001', finishedAt: Date.now() },
    });
    return id;
  }

  describe('retryAttempt', () => {
    it('sends a failed change again through the save path and resolves the original', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      const retryAttemptId = randomUUID();
      const result = await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId });

      expect(result).toMatchObject({ kind: 'saved', retryOf: attemptId, saved: { attemptId: retryAttemptId } });
      expect(await held()).toMatchObject({ name: 'G. Raheja', tag: loaded.tag, email: loaded.email });
      expect(await attempts.findAttempt({ id: retryAttemptId })).toMatchObject({
        source: 'retry',
        retryOf: attemptId,
        actorId: ops.userId,
        actorRole: 'ops',
        reason: 'TICKET-77',
        changedFields: ['name'],
        outcome: 'succeeded',
      });
      expect(await attempts.findAttemptReview({ attemptId })).toMatchObject({
        resolvedBy: ops.userId,
        resolvedAt: expect.any(Number),
        resolution: 'retried',
        resolvedByAttempt: retryAttemptId,
        note: 'Sent again and saved.',
      });
      expect((await attempts.listRetriesOf({ attemptId })).map((attempt) => attempt.id)).toEqual([retryAttemptId]);
    });

    it('answers a conflict, recorded and sending nothing, when someone changed the field since', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      // Changed at Attestr, not through the console (a save through it would close the failure).
      const changed = await fetch(`${sandbox.url}${FACTX}/${gitanjali}`, {
        method: 'PUT',
        headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...loaded, name: 'Gita R.' }),
      });
      expect(changed.status).toBe(200);
      proxy.requests.length = 0;
      const retryAttemptId = randomUUID();

      const error = await failure(retry.retryAttempt({ actor: ops, attemptId, retryAttemptId }));
      expect(error).toMatchObject({ kind: 'conflict', code: 'PROFILE_CHANGED', conflicts: { name: 'Gita R.' } });
      expect(puts()).toEqual([]);
      expect((await held()).name).toBe('Gita R.');
      expect(await attempts.findAttempt({ id: retryAttemptId })).toMatchObject({
        outcome: 'conflict',
        retryOf: attemptId,
        source: 'retry',
      });
      const review = await attempts.findAttemptReview({ attemptId });
      expect(review?.resolvedAt ?? null, 'the original stays open').toBeNull();
    });

    it('keeps a change someone made since to another field', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      await saveAs(otherHr, { email: 'g.r@company.example' });
      await retry.retryAttempt({ actor: admin, attemptId, retryAttemptId: randomUUID() });
      expect(await held()).toMatchObject({ name: 'G. Raheja', email: 'g.r@company.example' });
    });

    it('checks an unknown outcome first and does not send a change that is already at Attestr', async () => {
      sandbox.injectFault({ kind: 'hang', method: 'PUT', afterApplying: true });
      const unknown = await failure(saveAs(hr, { name: 'G. Raheja' }));
      expect(unknown).toMatchObject({ kind: 'unknown' });
      const attemptId = unknown.attemptId as string;
      proxy.requests.length = 0;
      const retryAttemptId = randomUUID();

      const result = await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId });
      expect(result).toMatchObject({ kind: 'already_saved', held: { name: 'G. Raheja' } });
      expect(proxy.requests.map((request) => request.method)).toEqual(['GET']);
      expect(await attempts.findAttemptReview({ attemptId })).toMatchObject({
        settledOutcome: 'succeeded',
        resolution: 'retried',
        resolvedBy: ops.userId,
      });
      // The same retry again: the same answer, still nothing sent.
      expect(await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId })).toMatchObject({
        kind: 'already_saved',
      });
      expect(puts()).toEqual([]);
    });

    it('sends an unknown outcome again when the check finds it was not applied', async () => {
      sandbox.injectFault({ kind: 'drop', method: 'PUT' });
      const unknown = await failure(saveAs(hr, { name: 'G. Raheja' }));
      const attemptId = unknown.attemptId as string;
      proxy.requests.length = 0;
      const result = await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId: randomUUID() });
      expect(result.kind).toBe('saved');
      expect(puts()).toHaveLength(1);
      expect((await held()).name).toBe('G. Raheja');
    });

    it('sends once for the same retry id, however often it is asked', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      const retryAttemptId = randomUUID();
      const [first, second] = await Promise.all([
        retry.retryAttempt({ actor: ops, attemptId, retryAttemptId }),
        retry.retryAttempt({ actor: ops, attemptId, retryAttemptId }),
      ]);
      const third = await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId });
      expect(puts()).toHaveLength(1);
      expect([first, second, third].map((result) => result.kind)).toEqual(['saved', 'saved', 'saved']);
      expect(third).toMatchObject({ saved: { replayed: true, attemptId: retryAttemptId } });
    });

    it('re-sends a support agent’s change to the email and nothing else', async () => {
      const attemptId = await failedSave(support, { email: 'new@example.com' });
      await retry.retryAttempt({ actor: ops, attemptId, retryAttemptId: randomUUID() });
      const [put] = puts();
      expect(JSON.parse(put?.body ?? '{}')).toEqual({ ...loaded, email: 'new@example.com' });
    });

    it('refuses a record whose values reach beyond the fields its person could change', async () => {
      // Support may change the email only; the row claims a tag too.
      const widened = await recordedFailure({
        actorRole: 'support',
        changedFields: ['email'],
        requested: { email: 'new@example.com', tag: 'FORGED-9' },
      });
      const error = await failure(
        retry.retryAttempt({ actor: admin, attemptId: widened, retryAttemptId: randomUUID() }),
      );
      expect(error).toMatchObject({
        kind: 'refused',
        code: 'FIELD_NOT_ALLOWED',
        fieldErrors: { tag: expect.any(String) },
      });
      expect(error.attemptId).not.toBe(widened);
      expect(await attempts.findAttempt({ id: error.attemptId as string })).toMatchObject({
        outcome: 'refused',
        retryOf: widened,
        sent: null,
      });

      const tagBySupport = await recordedFailure({
        actorRole: 'support',
        changedFields: ['tag'],
        requested: { tag: 'FORGED-9' },
      });
      expect(
        await failure(retry.retryAttempt({ actor: ops, attemptId: tagBySupport, retryAttemptId: randomUUID() })),
      ).toMatchObject({ code: 'FIELD_NOT_ALLOWED' });

      const byOps = await recordedFailure({ actorRole: 'ops', changedFields: ['name'], requested: { name: 'X' } });
      expect(
        await failure(retry.retryAttempt({ actor: ops, attemptId: byOps, retryAttemptId: randomUUID() })),
      ).toMatchObject({ code: 'FIELD_NOT_ALLOWED' });

      expect(proxy.requests, 'nothing reached Attestr').toEqual([]);
      expect((await held()).tag).toBe(loaded.tag);
    });

    it('refuses an attempt that is not open, and people who may not retry', async () => {
      const succeeded = await saveAs(hr, { name: 'G. Raheja' });
      expect(
        await failure(retry.retryAttempt({ actor: ops, attemptId: succeeded.attemptId, retryAttemptId: randomUUID() })),
      ).toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });

      const failed = await failedSave(hr, { email: 'g.r@company.example' });
      await retry.resolveAttempt({ actor: ops, attemptId: failed, note: 'Done by phone', kind: 'resolved' });
      expect(
        await failure(retry.retryAttempt({ actor: ops, attemptId: failed, retryAttemptId: randomUUID() })),
      ).toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });

      const open = await failedSave(hr, { mobile: '+918888999970' });
      for (const actor of [hr, support]) {
        expect(
          await failure(retry.retryAttempt({ actor, attemptId: open, retryAttemptId: randomUUID() })),
        ).toMatchObject({ code: 'FORBIDDEN' });
      }
      expect(
        await failure(retry.retryAttempt({ actor: ops, attemptId: randomUUID(), retryAttemptId: randomUUID() })),
      ).toMatchObject({ kind: 'not_found' });
      expect(puts()).toEqual([]);
    });
  });

  describe('resolveAttempt', () => {
    it('resolves an open attempt with a note, once', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      const resolved = await retry.resolveAttempt({
        actor: ops,
        attemptId,
        note: '  Changed by phone with Attestr  ',
        kind: 'resolved',
      });
      expect(resolved).toMatchObject({ resolution: 'resolved', note: 'Changed by phone with Attestr' });
      expect(await attempts.findAttemptReview({ attemptId })).toMatchObject({
        resolvedBy: ops.userId,
        resolution: 'resolved',
        note: 'Changed by phone with Attestr',
      });
      expect(
        await failure(retry.resolveAttempt({ actor: admin, attemptId, note: 'again', kind: 'resolved' })),
      ).toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });
      expect(await attempts.findAttemptReview({ attemptId })).toMatchObject({ resolvedBy: ops.userId });
    });

    it('refuses to send again a failure that sending again cannot help, and Retry all leaves it out and counts it', async () => {
      const inbox = await import('@/lib/updates/inbox');
      const before = await inbox.countRetryAll({ filter: {} });
      const opened = await held(archived);
      const archivedValues = {
        tag: String(opened.tag),
        name: String(opened.name),
        email: String(opened.email ?? ''),
        mobile: String(opened.mobile ?? ''),
      };
      const archivedError = await failure(
        save.saveProfile({
          actor: hr,
          profileId: archived,
          values: { ...archivedValues, name: 'R. Mehta' },
          base: archivedValues,
          source: 'form',
          attemptId: randomUUID(),
        }),
      );
      expect(archivedError).toMatchObject({ attestr: { code: 40038 } });
      sandbox.injectFault({ kind: 'error', code: 40018, method: 'PUT' });
      const unknownId = await failure(saveAs(hr, { name: 'G. Raheja' }));
      expect(unknownId).toMatchObject({ attestr: { code: 40018 } });
      proxy.requests.length = 0;

      for (const attemptId of [archivedError.attemptId as string, unknownId.attemptId as string]) {
        expect(
          await failure(retry.retryAttempt({ actor: ops, attemptId, retryAttemptId: randomUUID() })),
        ).toMatchObject({ kind: 'invalid_state', code: 'ATTEMPT_CANNOT_SUCCEED' });
        expect((await attempts.findAttemptReview({ attemptId }))?.resolvedAt ?? null).toBeNull();
      }
      expect(proxy.requests, 'nothing read or sent').toEqual([]);
      expect(await inbox.countRetryAll({ filter: {} })).toEqual({ count: before.count, leftOut: before.leftOut + 2 });
      const ids = await attempts.listRetryableAttemptIds({ filter: {}, limit: 1000 });
      expect(ids).not.toContain(archivedError.attemptId);
      expect(ids).not.toContain(unknownId.attemptId);
    });

    it('resolves an archived profile’s refusal as one that cannot change, and only that', async () => {
      const opened = await held(archived);
      const archivedValues = {
        tag: String(opened.tag),
        name: String(opened.name),
        email: String(opened.email ?? ''),
        mobile: String(opened.mobile ?? ''),
      };
      const archivedError = await failure(
        save.saveProfile({
          actor: hr,
          profileId: archived,
          values: { ...archivedValues, name: 'R. Mehta' },
          base: archivedValues,
          source: 'form',
          attemptId: randomUUID(),
        }),
      );
      expect(archivedError).toMatchObject({ attestr: { code: 40038 } });
      const other = await failedSave(hr, { name: 'G. R.' });
      expect(
        await failure(retry.resolveAttempt({ actor: ops, attemptId: other, note: '', kind: 'cannot_change' })),
      ).toMatchObject({ kind: 'refused' });

      const resolved = await retry.resolveAttempt({
        actor: ops,
        attemptId: archivedError.attemptId as string,
        note: '',
        kind: 'cannot_change',
      });
      expect(resolved).toMatchObject({ resolution: 'cannot_change', note: expect.stringMatching(/archived/i) });
    });

    it('needs a note, and a role that may retry', async () => {
      const attemptId = await failedSave(hr, { name: 'G. Raheja' });
      expect(
        await failure(retry.resolveAttempt({ actor: ops, attemptId, note: '   ', kind: 'resolved' })),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
      for (const actor of [hr, support]) {
        expect(await failure(retry.resolveAttempt({ actor, attemptId, note: 'x', kind: 'resolved' }))).toMatchObject({
          code: 'FORBIDDEN',
        });
      }
      expect((await attempts.findAttemptReview({ attemptId }))?.resolvedAt ?? null).toBeNull();
    });
  });
});
