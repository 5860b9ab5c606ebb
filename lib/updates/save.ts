import 'server-only';

import { createHash } from 'node:crypto';

import type { Kysely } from 'kysely';

import { AttestrError } from '@/lib/attestr/errors';
import { INTERACTIVE_MAX_WAIT_MS } from '@/lib/attestr/budget';
import { getAttestrClient } from '@/lib/attestr/instance';
import { currentCallPriority, withBudgetWaitUntil } from '@/lib/attestr/priority';
import { getDatabase } from '@/lib/db/connection';
import type { AttemptSource, Database } from '@/lib/db/schema';
import {
  findAttempt,
  finishAttempt,
  recordAttemptFinished,
  recordAttemptStarted,
  type AttemptOutcomeRecord,
  type AttemptRecord,
  type NewAttempt,
} from '@/lib/db/update-attempts';
import { getLogger } from '@/lib/log';
import { noteAttestrAnswer, noteProfileSeen } from '@/lib/profiles/seen';
import { sameValue } from '@/lib/profiles/merge';
import { PROFILE_FIELDS, toFormValues, type ProfileField } from '@/lib/shared/profile-fields';
import { UpdateError } from '@/lib/updates/errors';
import { thisProcess } from '@/lib/updates/recover';
import { ProfileBusyError, profileTurnDeadline, withProfileLock } from '@/lib/updates/lock';
import {
  checkChanges,
  checkSetValues,
  heldDifferently,
  planUpdate,
  type FieldMessages,
  type Refusal,
} from '@/lib/updates/plan';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { attestrErrorFromRecord, mayHaveBeenApplied } from '@/lib/updates/outcomes';

/** Who is saving, as the server knows them: never what a browser claims. */
export interface Actor {
  userId: string;
  role: string;
}

interface SaveProfileCommon {
  actor: Actor;
  profileId: string;
  source: AttemptSource;
  /** Made by the caller (the browser's Idempotency-Key): the same id gets the first outcome back. */
  attemptId: string;
  /** Why, in the person's words (a ticket number, say). */
  reason?: string | null;
  /** The attempt this one retries. */
  retryOf?: string | null;
  /**
   * For a retry only, worked out by lib/updates/retry.ts from the record of the attempt it
   * repeats: the fields it may change instead of those the actor's role may (operations may
   * change none of their own). Never taken from a request.
   */
  mayChange?: readonly ProfileField[];
  /** The bulk job whose line this save sends. */
  bulkJobId?: string | null;
  /**
   * For a retry: whether the attempt it repeats still waits for a person, asked again once the
   * save has its turn on the profile, where no other retry of it can be under way.
   */
  stillOpen?: () => Promise<boolean>;
}

/** A change made on what the person saw: the form's, or a retry of one. */
interface RelativeChange {
  /** The values the person wants, all four fields ('' for none). */
  values: ProfileValues;
  /** The values they started from: what they opened, or what their own last save left. */
  base: ProfileValues;
  set?: never;
}

/**
 * An absolute change, a bulk line's: these fields take these values whatever Attestr holds,
 * the others stay as Attestr holds them. When Attestr holds them already, nothing is sent.
 */
interface AbsoluteChange {
  set: Partial<ProfileValues>;
  values?: never;
  base?: never;
}

export type SaveProfileInput = SaveProfileCommon & (RelativeChange | AbsoluteChange);

/** A save that Attestr confirmed. */
export interface SaveProfileResult {
  attemptId: string;
  profileId: string;
  /** What Attestr held just before the update. */
  before: ProfileValues;
  /** What was sent: Attestr's values with the person's changes. */
  sent: ProfileValues;
  /** What Attestr holds now, read back; null when that read failed. */
  held: ProfileValues | null;
  changed: ProfileField[];
  /** Fields someone else changed after the person opened the profile, kept as they left them. */
  changedMeanwhile: ProfileField[];
  /** Fields Attestr holds otherwise than they were sent (kept an old value, normalised one). */
  heldDifferently: ProfileField[];
  tracingId: string | undefined;
  savedAt: number;
  /** True when this answers a repeated attempt id with the first attempt's outcome. */
  replayed: boolean;
}

/** The sentence beside a field someone else changed to another value meanwhile. */
function conflictMessage(current: string): string {
  return current
    ? `Someone else changed this to “${current}” after you opened the profile. Save again to replace it with yours.`
    : 'Someone else emptied this after you opened the profile. Save again to replace it with yours.';
}

function requestHash(input: SaveProfileInput): string {
  const { actor, profileId, values, base, set, source, reason, retryOf, mayChange, bulkJobId } = input;
  const request = {
    userId: actor.userId,
    profileId,
    ...(set ? { set } : { values, base }),
    source,
    reason: reason ?? null,
    retryOf: retryOf ?? null,
    ...(mayChange ? { mayChange } : {}),
    ...(bulkJobId ? { bulkJobId } : {}),
  };
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

function refusalCode(refusal: Refusal) {
  return refusal.reason === 'role' ? 'FIELD_NOT_ALLOWED' : 'VALIDATION_FAILED';
}

function changedMeanwhileOf(input: {
  changed: readonly ProfileField[];
  base: Partial<ProfileValues>;
  before: ProfileValues;
}) {
  return PROFILE_FIELDS.filter(
    (field) => !input.changed.includes(field) && !sameValue(field, input.before[field], input.base[field] ?? ''),
  );
}

/** An earlier attempt with the same id: its outcome again, or a refusal if the request differs. */
function replay(record: AttemptRecord, input: SaveProfileInput, hash: string): SaveProfileResult {
  if (record.requestHash !== hash || record.actorId !== input.actor.userId || record.profileId !== input.profileId) {
    throw new UpdateError({ kind: 'key_reused', code: 'IDEMPOTENCY_KEY_REUSED', attemptId: record.id });
  }
  const attemptId = record.id;
  switch (record.outcome) {
    case 'succeeded': {
      const sent = record.sent as ProfileValues;
      const before = record.before as ProfileValues;
      return {
        attemptId,
        profileId: record.profileId,
        before,
        sent,
        held: record.after,
        changed: record.changedFields,
        changedMeanwhile: changedMeanwhileOf({ changed: record.changedFields, base: record.base, before }),
        heldDifferently: record.after ? heldDifferently({ sent, held: record.after }) : [],
        tracingId: record.tracingId ?? undefined,
        savedAt: record.finishedAt ?? record.createdAt,
        replayed: true,
      };
    }
    case 'pending':
      throw new UpdateError({ kind: 'in_progress', code: 'UPDATE_IN_PROGRESS', attemptId });
    case 'refused':
      throw new UpdateError({
        kind: 'refused',
        code: record.errorCode === 'FIELD_NOT_ALLOWED' ? 'FIELD_NOT_ALLOWED' : 'VALIDATION_FAILED',
        attemptId,
        fieldErrors: record.fieldErrors ?? {},
      });
    case 'conflict':
      throw new UpdateError({
        kind: 'conflict',
        code: 'PROFILE_CHANGED',
        attemptId,
        fieldErrors: record.fieldErrors ?? {},
        conflicts: Object.fromEntries(
          Object.keys(record.fieldErrors ?? {}).map((field) => [field, record.before?.[field as ProfileField] ?? '']),
        ),
      });
    case 'unknown':
      throw new UpdateError({
        kind: 'unknown',
        code: 'UPDATE_OUTCOME_UNKNOWN',
        attemptId,
        attestr: attestrErrorFromRecord(record),
      });
    case 'failed':
      throw new UpdateError({ kind: 'failed', attemptId, attestr: attestrErrorFromRecord(record) });
  }
}

function attestrOutcome(error: AttestrError): Omit<AttemptOutcomeRecord, 'outcome' | 'finishedAt'> {
  return {
    httpStatus: error.httpStatus ?? null,
    errorSource: error.source,
    errorCode: String(error.code),
    message: error.message,
    details: error.details ?? null,
    tracingId: error.tracingId ?? null,
  };
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error));

function noteNotNoted(error: unknown): void {
  getLogger().warn({ event: 'update.answer_not_noted', err: errorName(error) }, 'Attestr’s answer not noted');
}

/**
 * Writes a sent update's outcome. Answers false when it could not be written (the database
 * failed, or the attempt was settled otherwise meanwhile), which is logged as an error: the
 * attempt then stays pending or unknown, to be checked at Attestr, never silently wrong.
 */
async function settle(id: string, outcome: AttemptOutcomeRecord): Promise<boolean> {
  try {
    if (await finishAttempt({ id, outcome })) return true;
    getLogger().error(
      { event: 'update.outcome_unmatched', attemptId: id, outcome: outcome.outcome },
      'an update’s outcome matched no attempt on its way',
    );
  } catch (error) {
    getLogger().error(
      { event: 'update.outcome_not_recorded', attemptId: id, outcome: outcome.outcome, err: errorName(error) },
      'an update’s outcome could not be recorded',
    );
  }
  return false;
}

function logOutcome(input: {
  attemptId: string;
  profileId: string;
  source: AttemptSource;
  outcome: string;
  code?: string | number;
  tracingId?: string | null;
  ms?: number;
}) {
  getLogger().info({ event: 'update.finished', ...input }, 'profile update finished');
}

/**
 * Saves a change to a profile: the one path that the form, retries and bulk jobs all take.
 * Checked before anything is asked of Attestr (the role may change those fields, the changed
 * values are valid); then, one save of a profile at a time: Attestr's current values are read,
 * the update is planned on them (lib/updates/plan.ts), the attempt is recorded, the update is
 * sent, the profile is read back, and the outcome is recorded. Every attempt is recorded,
 * refused ones included. Throws an UpdateError for anything but a confirmed update.
 */
export async function saveProfile(input: SaveProfileInput): Promise<SaveProfileResult> {
  const hash = requestHash(input);
  const earlier = await findAttempt({ id: input.attemptId });
  if (earlier) return replay(earlier, input, hash);
  try {
    return await withProfileLock({ profileId: input.profileId, deadline: profileTurnDeadline() }, async () => {
      // A repeat of this attempt may have finished while this one waited its turn.
      const meanwhile = await findAttempt({ id: input.attemptId });
      if (meanwhile) return replay(meanwhile, input, hash);
      // Two retries of one update may have queued for the same turn: the first one through
      // settles the original, and the second must find it so and send nothing.
      if (input.retryOf && input.stillOpen && !(await input.stillOpen())) {
        throw new UpdateError({ kind: 'refused', code: 'ATTEMPT_NOT_OPEN', attemptId: input.retryOf });
      }
      // Every budget wait of this save together, while it holds the profile's turn: a person is
      // told to wait rather than kept waiting, and background work (which gives way to people
      // in the budget) is sent again later rather than keep a person's save of the profile
      // waiting behind it.
      const waitMs = currentCallPriority() === 'background' ? BACKGROUND_MAX_WAIT_MS : INTERACTIVE_MAX_WAIT_MS;
      return withBudgetWaitUntil(Date.now() + waitMs, () => saveInTurn({ input, hash }));
    });
  } catch (error) {
    if (!(error instanceof ProfileBusyError)) throw error;
    // Nothing was asked of Attestr; the attempt is on record like any other.
    await recordAttemptFinished({
      attempt: newAttempt(input, hash),
      outcome: { outcome: 'failed', errorSource: 'console', errorCode: 'PROFILE_BUSY', finishedAt: Date.now() },
    });
    logOutcome({ ...logged(input), outcome: 'failed', code: 'PROFILE_BUSY' });
    throw new UpdateError({ kind: 'failed', code: 'PROFILE_BUSY', attemptId: input.attemptId });
  }
}

/** The longest a background save waits for the budget in all, holding the profile's turn. */
const BACKGROUND_MAX_WAIT_MS = 5_000;

function logged(input: SaveProfileInput) {
  return { attemptId: input.attemptId, profileId: input.profileId, source: input.source };
}

function newAttempt(input: SaveProfileInput, hash: string): NewAttempt {
  const { actor, profileId, attemptId, source } = input;
  return {
    id: attemptId,
    requestHash: hash,
    profileId,
    profileTag: null,
    actorId: actor.userId,
    actorRole: actor.role,
    source,
    reason: input.reason?.trim() || null,
    retryOf: input.retryOf ?? null,
    bulkJobId: input.bulkJobId ?? null,
    changedFields: [],
    requested: {},
    base: input.base ?? {},
    before: null,
    sent: null,
    createdAt: Date.now(),
  };
}

/**
 * An absolute change Attestr already holds: nothing is sent, and the attempt is recorded as
 * succeeded with no field changed, so that the line's outcome is on record like any other.
 */
async function alreadyHeld(input: {
  attempt: NewAttempt;
  before: ProfileValues;
  db: Kysely<Database>;
}): Promise<SaveProfileResult> {
  const { attempt, before, db } = input;
  const savedAt = Date.now();
  await recordAttemptFinished({
    attempt: { ...attempt, changedFields: [], sent: before },
    outcome: {
      outcome: 'succeeded',
      errorSource: 'console',
      message: 'Attestr already holds these values; nothing was sent.',
      after: before,
      finishedAt: savedAt,
    },
    db,
  });
  logOutcome({ attemptId: attempt.id, profileId: attempt.profileId, source: attempt.source, outcome: 'unchanged' });
  return {
    attemptId: attempt.id,
    profileId: attempt.profileId,
    before,
    sent: before,
    held: before,
    changed: [],
    changedMeanwhile: [],
    heldDifferently: [],
    tracingId: undefined,
    savedAt,
    replayed: false,
  };
}

async function saveInTurn({ input, hash }: { input: SaveProfileInput; hash: string }) {
  const { actor, profileId, attemptId, source } = input;
  const db = getDatabase().db;
  const attempt = newAttempt(input, hash);
  const finishedNow = (outcome: Omit<AttemptOutcomeRecord, 'finishedAt'>) => ({ ...outcome, finishedAt: Date.now() });
  const refuse = async (refusal: Refusal, recorded: NewAttempt): Promise<never> => {
    await recordAttemptFinished({
      attempt: { ...recorded, changedFields: refusal.changed },
      outcome: finishedNow({
        outcome: 'refused',
        errorSource: 'console',
        errorCode: refusalCode(refusal),
        fieldErrors: refusal.fieldErrors,
      }),
      db,
    });
    logOutcome({ attemptId, profileId, source, outcome: 'refused', code: refusalCode(refusal) });
    throw new UpdateError({ kind: 'refused', code: refusalCode(refusal), attemptId, fieldErrors: refusal.fieldErrors });
  };

  const authority = { role: actor.role, ...(input.mayChange ? { mayChange: input.mayChange } : {}) };
  const checked = input.set
    ? await checkSetValues({ ...authority, set: input.set })
    : await checkChanges({ ...authority, mine: input.values, base: input.base });
  if (checked.kind === 'refused') return refuse(checked, attempt);
  const requested = { ...attempt, changedFields: checked.changed, requested: checked.changes };

  const client = await getAttestrClient();
  let before: ProfileValues;
  try {
    const current = await noteProfileSeen({ profile: await client.getProfile(profileId), db });
    before = toFormValues(current);
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    await recordAttemptFinished({
      attempt: requested,
      outcome: finishedNow({ outcome: 'failed', ...attestrOutcome(error) }),
      db,
    });
    logOutcome({ attemptId, profileId, source, outcome: 'failed', code: error.code, tracingId: error.tracingId });
    throw new UpdateError({ kind: 'failed', attemptId, attestr: error });
  }
  const read = { ...requested, before, profileTag: before.tag };

  // An absolute change is planned as though the person had opened what Attestr holds now.
  const mine = input.set ? { ...before, ...checked.changes } : input.values;
  const base = input.set ? before : input.base;
  const plan = await planUpdate({ ...authority, mine, base, current: before });
  if (plan.kind === 'refused') return refuse(plan, read);
  if (plan.kind === 'conflict') {
    const fieldErrors: FieldMessages = Object.fromEntries(
      plan.conflicts.map(({ field, current }) => [field, conflictMessage(current)]),
    );
    await recordAttemptFinished({
      attempt: read,
      outcome: finishedNow({ outcome: 'conflict', errorSource: 'console', errorCode: 'PROFILE_CHANGED', fieldErrors }),
      db,
    });
    logOutcome({ attemptId, profileId, source, outcome: 'conflict' });
    throw new UpdateError({
      kind: 'conflict',
      code: 'PROFILE_CHANGED',
      attemptId,
      fieldErrors,
      conflicts: Object.fromEntries(plan.conflicts.map(({ field, current }) => [field, current])),
    });
  }

  if (input.set && plan.changed.length === 0) return alreadyHeld({ attempt: read, before, db });

  // The budget's share is taken before the attempt is recorded as sent, so that the time it is
  // pending is the update's alone, and a refusal by the budget is an update never sent.
  let update: Awaited<ReturnType<typeof client.admitUpdate>>;
  try {
    update = await client.admitUpdate();
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    await recordAttemptFinished({
      attempt: read,
      outcome: finishedNow({ outcome: 'failed', ...attestrOutcome(error) }),
      db,
    });
    logOutcome({ attemptId, profileId, source, outcome: 'failed', code: error.code });
    throw new UpdateError({ kind: 'failed', attemptId, attestr: error });
  }
  await recordAttemptStarted({ attempt: { ...read, sent: plan.values }, ownerProcess: thisProcess.id, db });
  const started = performance.now();
  let tracingId: string | undefined;
  try {
    ({ tracingId } = await update({ profileId, fields: plan.body }));
  } catch (error) {
    const latencyMs = performance.now() - started;
    if (!(error instanceof AttestrError)) {
      // Not an answer from Attestr: the update may have gone out. Left pending, it would be
      // marked unknown at the next start; marking it now keeps it visible at once.
      await settle(
        attemptId,
        finishedNow({ outcome: 'unknown', errorSource: 'console', errorCode: 'INTERNAL', latencyMs }),
      );
      throw error;
    }
    await noteAttestrAnswer({ profileId, error, db }).catch(noteNotNoted);
    const outcome = mayHaveBeenApplied(error) ? 'unknown' : 'failed';
    await settle(attemptId, finishedNow({ outcome, ...attestrOutcome(error), latencyMs }));
    logOutcome({
      attemptId,
      profileId,
      source,
      outcome,
      code: error.code,
      tracingId: error.tracingId,
      ms: Math.round(latencyMs),
    });
    throw new UpdateError({
      kind: outcome,
      ...(outcome === 'unknown' ? { code: 'UPDATE_OUTCOME_UNKNOWN' as const } : {}),
      attemptId,
      attestr: error,
    });
  }
  const latencyMs = performance.now() - started;

  // What Attestr does with a left-out email or mobile is not documented, nor what a 200 holds:
  // the profile is read back, and what it holds is what the person is told.
  // The read back is worth a short wait for the budget only, whoever saves: the update is done.
  let held: ProfileValues | null = null;
  try {
    const profile = await withBudgetWaitUntil(Date.now() + INTERACTIVE_MAX_WAIT_MS, () => client.getProfile(profileId));
    held = toFormValues(await noteProfileSeen({ profile, db }));
  } catch (error) {
    getLogger().warn(
      {
        event: 'update.read_back_failed',
        attemptId,
        profileId,
        ...(error instanceof AttestrError ? { code: error.code } : { err: errorName(error) }),
      },
      'profile not read back',
    );
  }
  const savedAt = Date.now();
  const recorded = await settle(attemptId, {
    outcome: 'succeeded',
    httpStatus: 200,
    tracingId: tracingId ?? null,
    latencyMs,
    after: held,
    finishedAt: savedAt,
  });
  if (!recorded) {
    // Attestr applied the update, but the console could not record it: the person is told the
    // outcome is unknown, with the attempt to check at Attestr, never a success without a record.
    throw new UpdateError({ kind: 'unknown', code: 'UPDATE_OUTCOME_UNKNOWN', attemptId });
  }
  logOutcome({ attemptId, profileId, source, outcome: 'succeeded', tracingId, ms: Math.round(latencyMs) });
  return {
    attemptId,
    profileId,
    before,
    sent: plan.values,
    held,
    changed: plan.changed,
    changedMeanwhile: plan.changedMeanwhile,
    heldDifferently: held ? heldDifferently({ sent: plan.values, held }) : [],
    tracingId,
    savedAt,
    replayed: false,
  };
}
