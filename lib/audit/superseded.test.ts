import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { SANDBOX_PROFILE_IDS, type RunningSandbox } from '@/sandbox';
import {
  GITANJALI_LOADED,
  startAttestrTestStack,
  TEST_ACTORS,
  type AttestrTestStack,
} from '@/test/support/attestr-stack';
import { describeEachEngine } from '@/test/support/postgres';

const TOKEN = 'superseded-test-token-5c1a';
const { gitanjali } = SANDBOX_PROFILE_IDS;
const loaded = GITANJALI_LOADED;
const { hr, otherHr, ops } = TEST_ACTORS;

type Save = typeof import('@/lib/updates/save');
type Retry = typeof import('@/lib/updates/retry');
type Attempts = typeof import('@/lib/db/update-attempts');
type Superseded = typeof import('@/lib/audit/superseded');
type Actor = { userId: string; role: string };

describeEachEngine('a failure fixed by a later save closes itself', (engine) => {
  let stack: AttestrTestStack;
  let sandbox: RunningSandbox;
  let save: Save;
  let retry: Retry;
  let attempts: Attempts;
  let superseded: Superseded;

  beforeAll(async () => {
    stack = await startAttestrTestStack({ engine, token: TOKEN });
    ({ sandbox } = stack);
    save = await import('@/lib/updates/save');
    retry = await import('@/lib/updates/retry');
    attempts = await import('@/lib/db/update-attempts');
    superseded = await import('@/lib/audit/superseded');
  });
  afterAll(() => stack?.close());
  beforeEach(async () => {
    await stack.reset();
    // Each test starts with no open failure: those an earlier test left are resolved by hand.
    const { attempts: open } = await attempts.listAttempts({ filter: { outcome: 'open' }, limit: 100 });
    for (const { id } of open) {
      await attempts.recordAttemptResolved({ attemptId: id, resolution: 'resolved', note: 'x', by: ops.userId, at: 1 });
    }
  });

  /** A person's save from the form, starting from the seeded values. */
  async function saveAs(actor: Actor, values: Partial<typeof loaded>, base: typeof loaded = loaded) {
    return save.saveProfile({
      actor,
      profileId: gitanjali,
      values: { ...base, ...values },
      base,
      source: 'form',
      attemptId: randomUUID(),
    });
  }
  /** A save Attestr answers with `code`: the failure's attempt id. */
  async function failedSave(
    actor: Actor,
    values: Partial<typeof loaded>,
    code: number | 'error5001' = 'error5001',
    base: typeof loaded = loaded,
  ) {
    sandbox.injectFault(code === 'error5001' ? { kind: code, method: 'PUT' } : { kind: 'error', code, method: 'PUT' });
    const error = (await saveAs(actor, values, base).then(
      () => {
        throw new Error('expected the save to fail');
      },
      (caught: unknown) => caught as { attemptId?: string; kind: string },
    )) as { attemptId: string; kind: string };
    expect(error.kind).toBe('failed');
    return error.attemptId;
  }
  const review = (attemptId: string) => attempts.findAttemptReview({ attemptId });
  const openCount = () => attempts.countOpenFailures();
  const retryable = () => attempts.countRetryableAttempts({ filter: {} });

  it('closes a failure when a person’s later save sets its field, naming that save and who made it', async () => {
    const failed = await failedSave(hr, { name: 'G. Raheja' });
    expect(await openCount()).toBe(1);
    expect(await retryable()).toBe(1);

    const fixed = await saveAs(otherHr, { name: 'Gita Raheja' });

    expect(await review(failed)).toMatchObject({
      resolution: 'superseded',
      resolvedBy: otherHr.userId,
      resolvedByAttempt: fixed.attemptId,
      resolvedAt: fixed.savedAt,
      note: superseded.SUPERSEDED_NOTE,
    });
    expect(await openCount()).toBe(0);
    expect(await retryable()).toBe(0);
    // Resolved, it is no longer offered: a retry is refused, nothing is sent.
    await expect(
      retry.retryAttempt({ actor: ops, attemptId: failed, retryAttemptId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'ATTEMPT_NOT_OPEN' });
  });

  it('keeps a failure open while later saves cover only some of its fields, and closes it with the one that completes them', async () => {
    const failed = await failedSave(hr, { name: 'G. Raheja', email: 'g.raheja@company.example' });
    const nameOnly = await saveAs(otherHr, { name: 'Gita Raheja' });
    expect((await review(failed))?.resolvedAt ?? null).toBeNull();
    expect(await openCount()).toBe(1);
    // A save of another field entirely leaves it open too.
    const held = { ...loaded, name: 'Gita Raheja' };
    await saveAs(otherHr, { mobile: '+918888999971' }, held);
    expect((await review(failed))?.resolvedAt ?? null).toBeNull();

    const emailToo = await saveAs(hr, { email: 'gita@company.example' }, { ...held, mobile: '+918888999971' });
    expect(await review(failed)).toMatchObject({
      resolution: 'superseded',
      resolvedBy: hr.userId,
      resolvedByAttempt: emailToo.attemptId,
    });
    expect(nameOnly.attemptId).not.toBe(emailToo.attemptId);
    expect(await openCount()).toBe(0);
  });

  it('a save before the failure does not count: only values set at or after it', async () => {
    await saveAs(otherHr, { name: 'Gita Raheja' });
    const held = { ...loaded, name: 'Gita Raheja' };
    const failed = await failedSave(hr, { name: 'G. R.' }, 4291, held);
    await saveAs(hr, { email: 'gita@company.example' }, held);
    expect((await review(failed))?.resolvedAt ?? null).toBeNull();
    expect(await openCount()).toBe(1);
  });

  it('a retry that saves resolves its own failure as retried and closes another of the same field, naming the retry', async () => {
    const other = await failedSave(hr, { name: 'G. R.' }, 4291);
    const failed = await failedSave(otherHr, { name: 'G. Raheja' });
    expect(await openCount()).toBe(2);
    const retryAttemptId = randomUUID();

    await retry.retryAttempt({ actor: ops, attemptId: failed, retryAttemptId });

    expect(await review(failed)).toMatchObject({
      resolution: 'retried',
      resolvedBy: ops.userId,
      resolvedByAttempt: retryAttemptId,
      note: superseded.RETRIED_NOTE,
    });
    expect(await review(other)).toMatchObject({
      resolution: 'superseded',
      resolvedBy: ops.userId,
      resolvedByAttempt: retryAttemptId,
    });
    expect(await openCount()).toBe(0);
    expect(await retryable()).toBe(0);
  });

  it('a bulk line that sets the field closes the failure, and so does one whose values Attestr already held', async () => {
    const bulkSave = (set: Partial<typeof loaded>) =>
      save.saveProfile({ actor: hr, profileId: gitanjali, set, source: 'bulk', attemptId: `${randomUUID()}.1.1` });
    const changed = await failedSave(hr, { name: 'G. Raheja' });
    const line = await bulkSave({ name: 'G. Raheja' });
    expect(line.changed).toEqual(['name']);
    expect(await review(changed)).toMatchObject({ resolution: 'superseded', resolvedByAttempt: line.attemptId });

    // Attestr holds "G. Raheja" now: a line setting it again confirms it, sending nothing.
    const raheja = { ...loaded, name: 'G. Raheja' };
    const confirmed = await failedSave(hr, { tag: 'T-9' }, 4291, raheja);
    const sameAgain = await failedSave(otherHr, { name: 'Gita' }, 4291, raheja);
    const already = await bulkSave({ name: 'G. Raheja' });
    expect(already.changed).toEqual([]);
    expect(await review(sameAgain)).toMatchObject({ resolution: 'superseded', resolvedByAttempt: already.attemptId });
    expect((await review(confirmed))?.resolvedAt ?? null, 'the tag was not set since').toBeNull();
    expect(await openCount()).toBe(1);
  });

  it('a failure resolved by hand meanwhile keeps that resolution', async () => {
    const failed = await failedSave(hr, { name: 'G. Raheja' });
    await retry.resolveAttempt({ actor: ops, attemptId: failed, note: 'Changed by phone', kind: 'resolved' });
    await saveAs(otherHr, { name: 'Gita Raheja' });
    expect(await review(failed)).toMatchObject({
      resolution: 'resolved',
      resolvedBy: ops.userId,
      note: 'Changed by phone',
    });
  });
});
