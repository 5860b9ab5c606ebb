import 'server-only';

import { createHash } from 'node:crypto';

import { attestrErrorFromRecord, mayHaveBeenApplied } from '@/lib/audit/outcomes';
import {
  logAttemptFinished,
  outcomeOfAttestrError,
  recordOutcome,
  recordSending,
  type AttemptOnRecord,
} from '@/lib/audit/record';
import { AttestrError } from '@/lib/attestr/errors';
import { INTERACTIVE_MAX_WAIT_MS, type BudgetedAttestrClient } from '@/lib/attestr/budget';
import { getAttestrClient } from '@/lib/attestr/instance';
import { BACKGROUND_MAX_WAIT_MS, currentCallPriority, withBudgetWaitUntil } from '@/lib/attestr/priority';
import type { AttemptSource } from '@/lib/db/schema';
import { findAttempt, type AttemptRecord, type NewAttempt } from '@/lib/db/update-attempts';
import { getLogger } from '@/lib/log';
import { formatMobile } from '@/lib/shared/phone-display';
import { noteAttestrAnswer, noteProfileSeen } from '@/lib/profiles/profile-index-notes';
import { sameValue } from '@/lib/profiles/same-value';
import { PROFILE_FIELDS, toFormValues, type ProfileField, type ProfileValues } from '@/lib/shared/profile-fields';
import { UpdateError } from '@/lib/updates/errors';
import { thisProcess } from '@/lib/updates/recover';
import { ProfileBusyError, profileTurnDeadline, withProfileLock } from '@/lib/updates/lock';
import {
  changesFrom,
  checkChanges,
  checkSetValues,
  heldDifferently,
  planChecked,
  type ChangeAuthority,
  type CheckedChanges,
  type FieldMessages,
  type Refusal,
  type UpdatePlan,
} from '@/lib/updates/plan';

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
function conflictMessage(field: ProfileField, current: string): string {
  const shown = field === 'mobile' ? formatMobile(current) : current;
  return current
    ? `Someone else changed this to “${shown}” after you opened the profile. Save again to replace it with yours.`
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
    return await withProfileLock({ profileId: input.profileId, deadline: profileTurnDeadline() }, () =>
      saveInTurn(input, hash),
    );
  } catch (error) {
    if (!(error instanceof ProfileBusyError)) throw error;
    // Nothing was asked of Attestr; the attempt is on record like any other.
    return endUnconfirmed({ attempt: newAttempt(input, hash), sent: false }, { kind: 'failed', code: 'PROFILE_BUSY' });
  }
}

/** A save that has the profile's turn: answered again if it was made meanwhile, else made. */
async function saveInTurn(input: SaveProfileInput, hash: string): Promise<SaveProfileResult> {
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
  return withBudgetWaitUntil(Date.now() + waitMs, () => makeSave(input, hash));
}

/**
 * The Attestr calls a save that changes something makes (makeSave): the load, the update and the
 * read back. One already held makes only the first; estimates of bulk work count all three.
 */
export const ATTESTR_CALLS_PER_SAVE = 3;

/** The steps of one save: check, load, plan, record and send, read back, finish. */
async function makeSave(input: SaveProfileInput, hash: string): Promise<SaveProfileResult> {
  const attempt = newAttempt(input, hash);
  const authority: ChangeAuthority = {
    role: input.actor.role,
    ...(input.mayChange ? { mayChange: input.mayChange } : {}),
  };
  const checked = input.set
    ? await checkSetValues({ ...authority, set: input.set })
    : await checkChanges({ ...authority, mine: input.values, base: input.base });
  if (checked.kind === 'refused') return refuse(attempt, checked);
  const requested = { ...attempt, changedFields: checked.changed, requested: checked.changes };

  const client = await getAttestrClient();
  const before = await load({ client, attempt: requested });
  const read = { ...requested, before, profileTag: before.tag };

  const plan = planOnCurrent({ save: input, authority, checked, before });
  if (plan.kind === 'refused') return refuse(read, plan);
  if (plan.kind === 'conflict') return endInConflict(read, plan);
  if (input.set && plan.changed.length === 0) return alreadyHeld({ attempt: read, before });

  const answer = await send({ client, attempt: read, plan });
  const held = await readBack({ client, attempt: read });
  return finish({ attempt: read, before, plan, answer, held });
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

/** Load: what Attestr holds now, noted in the profile index. */
async function load(input: { client: BudgetedAttestrClient; attempt: NewAttempt }): Promise<ProfileValues> {
  const { client, attempt } = input;
  try {
    return toFormValues(await noteProfileSeen({ profile: await client.getProfile(attempt.profileId) }));
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    return endUnconfirmed({ attempt, sent: false }, { kind: 'failed', attestr: error });
  }
}

/**
 * Plan: the update on Attestr's current values, from the changes checked already. An absolute
 * change is planned as though the person had opened what Attestr holds now.
 */
function planOnCurrent(input: {
  save: SaveProfileInput;
  authority: ChangeAuthority;
  checked: CheckedChanges;
  before: ProfileValues;
}): UpdatePlan {
  const { save, authority, checked, before } = input;
  return save.set
    ? planChecked({ ...authority, checked: changesFrom({ checked, current: before }), base: before, current: before })
    : planChecked({ ...authority, checked, base: save.base, current: before });
}

/**
 * Record and send: the budget's share is taken before the attempt is recorded as sent, so that
 * the time it is pending is the update's alone, and a refusal by the budget is an update never
 * sent.
 */
async function send(input: {
  client: BudgetedAttestrClient;
  attempt: NewAttempt;
  plan: Extract<UpdatePlan, { kind: 'send' }>;
}): Promise<{ tracingId: string | undefined; latencyMs: number }> {
  const { client, attempt, plan } = input;
  let update: Awaited<ReturnType<typeof client.admitUpdate>>;
  try {
    update = await client.admitUpdate();
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    return endUnconfirmed({ attempt, sent: false }, { kind: 'failed', attestr: error });
  }
  const sending = { ...attempt, sent: plan.values };
  await recordSending({ attempt: sending, ownerProcess: thisProcess.id });
  const started = performance.now();
  try {
    const { tracingId } = await update({ profileId: attempt.profileId, fields: plan.body });
    return { tracingId, latencyMs: performance.now() - started };
  } catch (error) {
    const latencyMs = performance.now() - started;
    if (!(error instanceof AttestrError)) {
      // Not an answer from Attestr: the update may have gone out. Left pending, it would be
      // marked unknown at the next start; marking it now keeps it visible at once.
      await recordOutcome(
        { attempt: sending, sent: true },
        { outcome: 'unknown', errorSource: 'console', errorCode: 'INTERNAL', latencyMs, finishedAt: Date.now() },
      );
      throw error;
    }
    await noteAttestrAnswer({ profileId: attempt.profileId, error }).catch(noteNotNoted);
    const kind = mayHaveBeenApplied(error) ? 'unknown' : 'failed';
    return endUnconfirmed(
      { attempt: sending, sent: true },
      { kind, ...(kind === 'unknown' ? { code: 'UPDATE_OUTCOME_UNKNOWN' as const } : {}), attestr: error, latencyMs },
    );
  }
}

/**
 * Read back: what Attestr does with a left-out email or mobile is not documented, nor what a
 * 200 holds, so what it holds now is what the person is told; null when the read fails. Worth
 * a short wait for the budget only, whoever saves: the update is done.
 */
async function readBack(input: { client: BudgetedAttestrClient; attempt: NewAttempt }): Promise<ProfileValues | null> {
  const { client, attempt } = input;
  try {
    const profile = await withBudgetWaitUntil(Date.now() + INTERACTIVE_MAX_WAIT_MS, () =>
      client.getProfile(attempt.profileId),
    );
    return toFormValues(await noteProfileSeen({ profile }));
  } catch (error) {
    getLogger().warn(
      {
        event: 'update.read_back_failed',
        attemptId: attempt.id,
        profileId: attempt.profileId,
        ...(error instanceof AttestrError ? { code: error.code } : { err: errorName(error) }),
      },
      'profile not read back',
    );
    return null;
  }
}

/** Finish: the confirmed update on record, and what the person is told of it. */
async function finish(input: {
  attempt: NewAttempt;
  before: ProfileValues;
  plan: Extract<UpdatePlan, { kind: 'send' }>;
  answer: { tracingId: string | undefined; latencyMs: number };
  held: ProfileValues | null;
}): Promise<SaveProfileResult> {
  const { attempt, before, plan, held } = input;
  const { tracingId, latencyMs } = input.answer;
  const savedAt = Date.now();
  const recorded = await recordOutcome(
    { attempt: { ...attempt, sent: plan.values }, sent: true },
    {
      outcome: 'succeeded',
      httpStatus: 200,
      tracingId: tracingId ?? null,
      latencyMs,
      after: held,
      finishedAt: savedAt,
    },
  );
  if (!recorded) {
    // Attestr applied the update, but the console could not record it: the person is told the
    // outcome is unknown, with the attempt to check at Attestr, never a success without a record.
    throw new UpdateError({ kind: 'unknown', code: 'UPDATE_OUTCOME_UNKNOWN', attemptId: attempt.id });
  }
  logAttemptFinished({ ...logged(attempt), outcome: 'succeeded', tracingId, ms: Math.round(latencyMs) });
  return {
    attemptId: attempt.id,
    profileId: attempt.profileId,
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

/**
 * An absolute change Attestr already holds: nothing is sent, and the attempt is recorded as
 * succeeded with no field changed, so that the line's outcome is on record like any other.
 */
async function alreadyHeld(input: { attempt: NewAttempt; before: ProfileValues }): Promise<SaveProfileResult> {
  const { attempt, before } = input;
  const savedAt = Date.now();
  await recordOutcome(
    { attempt: { ...attempt, changedFields: [], sent: before }, sent: false },
    {
      outcome: 'succeeded',
      errorSource: 'console',
      message: 'Attestr already holds these values; nothing was sent.',
      after: before,
      finishedAt: savedAt,
    },
  );
  logAttemptFinished({ ...logged(attempt), outcome: 'unchanged' });
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

/** How a save ended that Attestr did not confirm: the outcome, and what the error carries. */
interface Ending {
  kind: 'refused' | 'conflict' | 'failed' | 'unknown';
  code?: 'PROFILE_BUSY' | 'FIELD_NOT_ALLOWED' | 'VALIDATION_FAILED' | 'PROFILE_CHANGED' | 'UPDATE_OUTCOME_UNKNOWN';
  fieldErrors?: FieldMessages;
  conflicts?: FieldMessages;
  /** Attestr's error (or the exchange's), recorded in place of the console's code. */
  attestr?: AttestrError;
  latencyMs?: number;
}

/**
 * The one place a save that Attestr did not confirm ends: its outcome recorded, logged, and
 * thrown as an UpdateError.
 */
async function endUnconfirmed(on: AttemptOnRecord, ending: Ending): Promise<never> {
  const { kind, code, fieldErrors, conflicts, attestr, latencyMs } = ending;
  await recordOutcome(on, {
    outcome: kind,
    ...(attestr ? outcomeOfAttestrError(attestr) : { errorSource: 'console', errorCode: code }),
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    finishedAt: Date.now(),
  });
  logAttemptFinished({
    ...logged(on.attempt),
    outcome: kind,
    // A conflict's line names no code: the outcome says it all.
    ...(attestr ? { code: attestr.code, tracingId: attestr.tracingId } : kind === 'conflict' ? {} : { code }),
    ...(latencyMs !== undefined ? { ms: Math.round(latencyMs) } : {}),
  });
  throw new UpdateError({ kind, code, attemptId: on.attempt.id, fieldErrors, conflicts, attestr });
}

function refuse(attempt: NewAttempt, refusal: Refusal): Promise<never> {
  return endUnconfirmed(
    { attempt: { ...attempt, changedFields: refusal.changed }, sent: false },
    { kind: 'refused', code: refusalCode(refusal), fieldErrors: refusal.fieldErrors },
  );
}

function endInConflict(attempt: NewAttempt, plan: Extract<UpdatePlan, { kind: 'conflict' }>): Promise<never> {
  return endUnconfirmed(
    { attempt, sent: false },
    {
      kind: 'conflict',
      code: 'PROFILE_CHANGED',
      fieldErrors: Object.fromEntries(
        plan.conflicts.map(({ field, current }) => [field, conflictMessage(field, current)]),
      ),
      conflicts: Object.fromEntries(plan.conflicts.map(({ field, current }) => [field, current])),
    },
  );
}

function logged(attempt: NewAttempt) {
  return { attemptId: attempt.id, profileId: attempt.profileId, source: attempt.source };
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : String(error));

function noteNotNoted(error: unknown): void {
  getLogger().warn({ event: 'update.answer_not_noted', err: errorName(error) }, 'Attestr’s answer not noted');
}
