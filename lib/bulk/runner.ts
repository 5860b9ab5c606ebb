import 'server-only';

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { getBudgetState } from '@/lib/attestr/budget';
import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import { runInBackground } from '@/lib/attestr/priority';
import {
  claimBulkRow,
  dropAbandonedStores,
  endJobIfSettled,
  extendBulkRowClaim,
  findBulkJob,
  giveUpRunnerLease,
  listLapsedClaims,
  moveBulkJob,
  nextWorkingJob,
  noteFirstSent,
  purgeEndedJobs,
  recordBulkPreview,
  releaseBulkRow,
  setBulkJobWait,
  settleBulkRow,
  takeOverClaim,
  takeRunnerLease,
  type BulkJobRecord,
  type BulkRowRecord,
} from '@/lib/db/bulk-jobs';
import { getDatabase } from '@/lib/db/connection';
import { findAttempt, findAttemptReview, recordAttemptResolved } from '@/lib/db/update-attempts';
import { listUserNames } from '@/lib/db/users';
import { getEnv } from '@/lib/env';
import { getLogger } from '@/lib/log';
import { can, editableFields } from '@/lib/shared/permissions';
import { sameValue } from '@/lib/profiles/same-value';
import { PROFILE_FIELDS, PROFILE_FIELD_LABELS, toFormValues, type ProfileField } from '@/lib/shared/profile-fields';
import { noteProfileSeen } from '@/lib/profiles/profile-index-notes';
import { afterTries } from '@/lib/shared/bulk-line-result';
import { attestrSaidText } from '@/lib/errors/attestr-said';
import type { BulkRowState } from '@/lib/shared/bulk-types';
import { checkAttemptAtAttestr } from '@/lib/updates/check-at-attestr';
import { isProcessRunning } from '@/lib/process-alive';
import { UpdateError } from '@/lib/updates/errors';
import { isOpenAttempt } from '@/lib/audit/open-attempt';
import { saveProfile, type Actor } from '@/lib/updates/save';

/**
 * The background runner of bulk jobs, one per server process. Lines are sent one save at a
 * time each, BULK_CONCURRENCY at once per process, through the one save path within the shared
 * Attestr budget (background calls: people's saves go first).
 *
 * Exactly once per line, against an Attestr with no idempotency key:
 * - a line is claimed (pending → sending, a compare-and-set) with the id of its attempt before
 *   anything is sent, and the save path records that attempt before its update goes out;
 * - the outcome is written back only for the attempt that claimed the line;
 * - a claim is renewed while its save runs; a claim that lapsed (its process died) is settled
 *   from the record: no attempt means nothing was sent, so the line goes back; a known outcome
 *   stands; an unknown one is checked at Attestr: holding the values means it succeeded, with
 *   no second update; holding those from before means it may be sent again; anything else is
 *   a conflict for a person, in the updates inbox;
 * - a second save of the same profile waits for the first (lib/updates/lock.ts) and then finds
 *   the values there, so it sends nothing.
 * On PostgreSQL every instance runs a runner and lines are claimed FOR UPDATE SKIP LOCKED. On
 * SQLite the file belongs to one process: the runner holding the lease (a live process) works.
 */

/** Transient failures a line survives before it is failed: Attestr's 5001, timeouts, lost connections. */
export const BULK_MAX_FAILURES = 3;
const CLAIM_MS = 30_000;
const HEARTBEAT_MS = 10_000;
const LEASE_MS = 30_000;
const PURGE_EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

const RATE_CODES = new Set(['4291', '4292']);
/**
 * The console's own pacing: its budget gave way to people, another save of the profile was under
 * way, the database pool was full. Nothing was sent; the line goes again shortly, and it is no
 * failed try.
 */
const PACING_CODES = new Set(['ATTESTR_BUDGET_WAIT', 'PROFILE_BUSY', 'DATABASE_BUSY']);
/** A budget refusal this long or longer is the background share of the day used up. */
const BUDGET_DAY_SECONDS = 3600;
const DAILY_CODES = new Set(['4293', '4294']);
/** Refusals of the console itself (its token, its account): every line would meet them. */
const ACCOUNT_CODES = new Set(['4005', '4016', '4031', '4035', '4039']);
const TRANSIENT_CODES = new Set([
  '5001',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNREACHABLE',
  'UPSTREAM_BAD_RESPONSE',
  'INTERNAL',
]);

const nextUtcMidnight = (now: number) => (Math.floor(now / DAY_MS) + 1) * DAY_MS;
// Whole milliseconds: the moments are stored as bigint, and PostgreSQL refuses a fraction.
const backoffMs = (failures: number) => Math.round(1000 * 2 ** Math.max(0, failures - 1) * (1 + Math.random() / 2));

/** What becomes of a line after a save that did not succeed. */
type Decision =
  | { kind: 'settle'; state: Exclude<BulkRowState, 'pending' | 'sending'>; code: string | null; message: string }
  /** Send again later, as another attempt; `failure` counts it towards BULK_MAX_FAILURES. */
  | { kind: 'again'; failure: boolean; code: string | null; message: string; retryAfterMs?: number }
  /** Attestr's daily limit: the job waits for the next UTC day. */
  | { kind: 'daily'; code: string; message: string }
  /** The console's own access to Attestr: the job pauses for an administrator. */
  | { kind: 'account'; code: string; message: string }
  /** Sent, or maybe sent: read the profile to know. */
  | { kind: 'check' };

function decideFromCode(input: {
  code: string | null;
  message: string;
  fieldErrors?: Partial<Record<ProfileField, string>>;
  retryAfterSeconds?: number;
}): Decision {
  const { code, message } = input;
  if (code !== null && PACING_CODES.has(code)) {
    const seconds = input.retryAfterSeconds ?? 1;
    if (code === 'ATTESTR_BUDGET_WAIT' && seconds >= BUDGET_DAY_SECONDS) return { kind: 'daily', code, message };
    return { kind: 'again', failure: false, code, message, retryAfterMs: Math.min(seconds, 10) * 1000 };
  }
  if (code !== null && RATE_CODES.has(code)) return { kind: 'again', failure: false, code, message };
  if (code !== null && DAILY_CODES.has(code)) return { kind: 'daily', code, message };
  if (code !== null && ACCOUNT_CODES.has(code)) return { kind: 'account', code, message };
  if (code !== null && TRANSIENT_CODES.has(code)) return { kind: 'again', failure: true, code, message };
  const fields = input.fieldErrors
    ? PROFILE_FIELDS.filter((field) => input.fieldErrors?.[field])
        .map((field) => `${PROFILE_FIELD_LABELS[field]}: ${input.fieldErrors?.[field]}`)
        .join('; ')
    : '';
  return { kind: 'settle', state: 'failed', code, message: fields || message };
}

function decide(error: unknown): Decision {
  if (!(error instanceof UpdateError)) {
    return { kind: 'again', failure: true, code: 'INTERNAL', message: 'The console hit an error while sending.' };
  }
  switch (error.kind) {
    case 'unknown':
      return { kind: 'check' };
    case 'in_progress':
      return { kind: 'again', failure: false, code: null, message: 'Being sent already.' };
    case 'conflict':
      return {
        kind: 'settle',
        state: 'conflict',
        code: 'PROFILE_CHANGED',
        message: 'Someone else changed this profile meanwhile; it is in the updates inbox.',
      };
    case 'failed':
      if (error.attestr) {
        return decideFromCode({
          code: String(error.attestr.code),
          message: error.attestr.message,
          ...(error.attestr.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: error.attestr.retryAfterSeconds }
            : {}),
        });
      }
      return decideFromCode({ code: error.code, message: error.message });
    default:
      return decideFromCode({
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      });
  }
}

interface RunnerContext {
  owner: string;
  engine: 'sqlite' | 'postgres';
}

/** The owner's role now (not when the job was made): the job acts for them. */
async function ownerNow(job: BulkJobRecord): Promise<Actor | null> {
  const owner = (await listUserNames({ ids: [job.created_by] })).get(job.created_by);
  if (!owner?.role) return null;
  const fields = JSON.parse(job.fields) as ProfileField[];
  const editable = editableFields(owner.role);
  if (!can(owner.role, 'bulk:update') || !fields.every((field) => editable.includes(field))) return null;
  return { userId: owner.id, role: owner.role };
}

/** Keeps a claim alive while its line's save runs, so that no other instance takes it over. */
function heartbeat(row: Pick<BulkRowRecord, 'job_id' | 'line' | 'attempt_id'>): () => void {
  if (row.attempt_id === null) return () => undefined;
  const attemptId = row.attempt_id;
  const timer = setInterval(() => {
    extendBulkRowClaim({ jobId: row.job_id, line: row.line, attemptId, claimUntil: Date.now() + CLAIM_MS }).catch(
      (error: unknown) => getLogger().warn({ event: 'bulk.heartbeat_failed', err: String(error) }, 'claim not renewed'),
    );
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Why a job waits for the next day. The budget refuses background calls for the day both after
 * Attestr's own daily limit and once background work has used its share: its state says which.
 */
async function dailyWaitMessage(code: string): Promise<string> {
  const attestrSaid =
    'Attestr’s daily limit for this account is used up. The update goes on by itself after 00:00 UTC.';
  if (code !== 'ATTESTR_BUDGET_WAIT') return attestrSaid;
  const state = await getBudgetState();
  return state.message?.startsWith('Attestr’s daily limit')
    ? attestrSaid
    : 'Background work has used its share of today’s Attestr calls. The update goes on by itself after 00:00 UTC.';
}

/** Earlier tries of a line that are still open in the updates inbox are resolved by its success. */
async function resolveEarlierTries(job: BulkJobRecord, row: BulkRowRecord, attemptId: string): Promise<void> {
  for (let attempt = 1; attempt < row.tries; attempt += 1) {
    const id = `${job.id}.${row.line}.${attempt}`;
    const earlier = await findAttempt({ id });
    if (!earlier || !isOpenAttempt(earlier, await findAttemptReview({ attemptId: id }))) continue;
    await recordAttemptResolved({
      attemptId: id,
      resolution: 'retried',
      note: `Sent again by the bulk update: saved as ${attemptId}.`,
      by: job.created_by,
      at: Date.now(),
      resolvedByAttempt: attemptId,
    });
  }
}

/** Applies a decision to a claimed line. */
async function apply(job: BulkJobRecord, row: BulkRowRecord, actor: Actor | null, decision: Decision): Promise<void> {
  const attemptId = row.attempt_id as string;
  const at = Date.now();
  const line = { jobId: job.id, line: row.line, attemptId, at };
  switch (decision.kind) {
    case 'settle':
      await settleBulkRow({ ...line, state: decision.state, code: decision.code, message: decision.message });
      return;
    case 'again': {
      const failures = row.failures + (decision.failure ? 1 : 0);
      if (failures >= BULK_MAX_FAILURES) {
        await settleBulkRow({
          ...line,
          state: 'failed',
          code: decision.code,
          message: afterTries(failures, decision.message),
        });
        return;
      }
      await releaseBulkRow({
        ...line,
        failures,
        nextTryAt: decision.failure
          ? at + backoffMs(failures)
          : decision.retryAfterMs !== undefined
            ? at + decision.retryAfterMs
            : null,
        code: decision.code,
        message: decision.message,
      });
      return;
    }
    case 'daily': {
      await releaseBulkRow({ ...line, failures: row.failures, nextTryAt: null, code: decision.code, message: null });
      const until = nextUtcMidnight(at);
      await setBulkJobWait({
        id: job.id,
        message: await dailyWaitMessage(decision.code),
        pausedUntil: until,
      });
      getLogger().warn(
        { event: 'bulk.daily_limit', jobId: job.id, code: decision.code },
        'bulk update waits for the next day',
      );
      return;
    }
    case 'account': {
      await releaseBulkRow({ ...line, failures: row.failures, nextTryAt: null, code: decision.code, message: null });
      await moveBulkJob({
        id: job.id,
        from: ['running', 'queued'],
        to: 'paused',
        set: {
          // Attestr's words and code as every page quotes them (lib/errors/attestr-said.ts).
          message: `Paused: Attestr refused the console’s calls. ${attestrSaidText({ code: Number(decision.code), message: decision.message })}. An administrator must fix this with Attestr; then press Resume.`,
        },
      });
      getLogger().warn({ event: 'bulk.account_refused', jobId: job.id, code: decision.code }, 'bulk update paused');
      return;
    }
    case 'check':
      await checkLine(job, row, actor);
      return;
  }
}

/**
 * A line whose update may have gone out: what Attestr holds decides. The change there means
 * success with nothing sent again; the values from before mean it may go again; anything else
 * is a conflict for a person. If Attestr cannot be read now, the claim is kept for a while and
 * the line is settled later.
 */
async function checkLine(job: BulkJobRecord, row: BulkRowRecord, actor: Actor | null): Promise<void> {
  const attemptId = row.attempt_id as string;
  const at = Date.now();
  const checker: Actor = actor ?? { userId: job.created_by, role: 'ops' };
  let settled: 'succeeded' | 'failed' | 'conflict';
  try {
    settled = (await runInBackground(() => checkAttemptAtAttestr({ actor: checker, attemptId }))).settled;
  } catch (error) {
    if (!(error instanceof UpdateError) && !(error instanceof AttestrError)) throw error;
    await extendBulkRowClaim({
      jobId: job.id,
      line: row.line,
      attemptId,
      claimUntil: at + backoffMs(row.failures + 1),
    });
    return;
  }
  const line = { jobId: job.id, line: row.line, attemptId, at };
  if (settled === 'succeeded') {
    await settleBulkRow({
      ...line,
      state: 'succeeded',
      code: null,
      message: 'No answer came from Attestr, so the profile was read: the change is there.',
    });
    await resolveEarlierTries(job, row, attemptId);
  } else if (settled === 'failed') {
    await apply(job, row, actor, {
      kind: 'again',
      failure: true,
      code: 'UPDATE_OUTCOME_UNKNOWN',
      message: 'No answer came from Attestr, and the profile still holds its values from before.',
    });
  } else {
    await settleBulkRow({
      ...line,
      state: 'conflict',
      code: 'PROFILE_CHANGED',
      message:
        'No answer came from Attestr, and the profile now holds other values than before or than sent: someone else changed it. It is in the updates inbox.',
    });
  }
}

/** Sends one claimed line through the save path. */
async function sendLine(job: BulkJobRecord, row: BulkRowRecord, actor: Actor): Promise<void> {
  const attemptId = row.attempt_id as string;
  const set = row.set_values === null ? null : (JSON.parse(row.set_values) as Partial<Record<ProfileField, string>>);
  const at = () => Date.now();
  if (set === null) {
    await settleBulkRow({
      jobId: job.id,
      line: row.line,
      attemptId,
      state: 'failed',
      code: null,
      message: 'The line’s values were deleted after the retention period.',
      at: at(),
    });
    return;
  }
  if (job.first_sent_at === null) {
    await noteFirstSent({ id: job.id, at: at() });
    job.first_sent_at = at();
  }
  try {
    const saved = await runInBackground(() =>
      saveProfile({
        actor,
        profileId: row.profile_id,
        set,
        source: 'bulk',
        attemptId,
        bulkJobId: job.id,
        reason: `Bulk update “${job.file_name}”, line ${row.line}`,
      }),
    );
    const unchanged = saved.changed.length === 0;
    const differently = saved.heldDifferently.map((field) => PROFILE_FIELD_LABELS[field]);
    await settleBulkRow({
      jobId: job.id,
      line: row.line,
      attemptId,
      state: unchanged ? 'unchanged' : 'succeeded',
      code: null,
      message: unchanged
        ? 'Attestr already held these values; nothing was sent.'
        : differently.length > 0
          ? `Saved; Attestr holds ${differently.join(' and ')} otherwise than sent.`
          : 'Saved.',
      at: at(),
    });
    if (!unchanged) await resolveEarlierTries(job, row, attemptId);
  } catch (error) {
    if (!(error instanceof UpdateError)) {
      getLogger().error(
        { event: 'bulk.line_crashed', jobId: job.id, line: row.line, err: String(error) },
        'bulk line hit an error',
      );
    }
    await apply(job, row, actor, decide(error));
  }
}

/** Reads one claimed line's profile for a dry run: what would change, or why nothing can. */
async function readLine(job: BulkJobRecord, row: BulkRowRecord, owner: string): Promise<void> {
  const set = row.set_values === null ? {} : (JSON.parse(row.set_values) as Partial<Record<ProfileField, string>>);
  const record = (
    preview: Parameters<typeof recordBulkPreview>[0]['preview'],
    extra: {
      current?: Record<ProfileField, string> | null;
      changes?: ProfileField[];
      message?: string | null;
      /** Attestr's code or the console's, so the page can tell Attestr's words from the console's. */
      code?: string | null;
    },
  ) =>
    recordBulkPreview({
      jobId: job.id,
      line: row.line,
      owner,
      preview,
      current: extra.current ?? null,
      changes: extra.changes ?? [],
      message: extra.message ?? null,
      code: extra.code ?? null,
      at: Date.now(),
    });
  try {
    const client = await getAttestrClient();
    const profile = await noteProfileSeen({ profile: await runInBackground(() => client.getProfile(row.profile_id)) });
    const current = toFormValues(profile);
    const changes = PROFILE_FIELDS.filter(
      (field) => set[field] !== undefined && !sameValue(field, current[field], set[field] ?? ''),
    );
    if (profile.archived) {
      await record('archived', { current, message: 'Archived at Attestr: this profile cannot be changed.' });
    } else {
      await record(changes.length > 0 ? 'changes' : 'no_change', { current, changes });
    }
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    const code = String(error.code);
    if (code === '40018') {
      await record('not_found', { code, message: error.message });
    } else if (code === '40038') {
      await record('archived', { code, message: error.message });
    } else if (RATE_CODES.has(code) || TRANSIENT_CODES.has(code) || DAILY_CODES.has(code)) {
      // Read again later: nothing was changed by trying.
      await releaseBulkRow({
        jobId: job.id,
        line: row.line,
        attemptId: row.attempt_id,
        failures: row.failures,
        nextTryAt: Date.now() + (RATE_CODES.has(code) ? 0 : backoffMs(row.failures + 1)),
        code: null,
        message: null,
        at: Date.now(),
      });
    } else {
      await record('failed', { code, message: error.message });
    }
  }
}

/**
 * Settles a line whose claim lapsed: its process died, or a check could not be made then.
 * Taken over first (compare-and-set), so that one instance settles it.
 */
async function settleLapsed(ctx: RunnerContext, row: BulkRowRecord): Promise<void> {
  if (!(await takeOverClaim({ row, owner: ctx.owner, claimUntil: Date.now() + CLAIM_MS }))) return;
  const job = await findBulkJob({ id: row.job_id });
  if (!job) return;
  const claimed = { ...row, claimed_by: ctx.owner };
  const release = () =>
    releaseBulkRow({
      jobId: job.id,
      line: row.line,
      attemptId: row.attempt_id,
      failures: row.failures,
      nextTryAt: null,
      code: row.result_code,
      message: row.result_message,
      at: Date.now(),
    });
  // A dry run's read changes nothing: it is made again.
  if (job.started_at === null || row.attempt_id === null) {
    await release();
    return;
  }
  const attempt = await findAttempt({ id: row.attempt_id });
  getLogger().info(
    { event: 'bulk.line_recovered', jobId: job.id, line: row.line, outcome: attempt?.outcome ?? 'none' },
    'bulk line settled after its claim lapsed',
  );
  if (!attempt) {
    // The save path records its attempt before its update goes out: nothing was sent.
    await release();
    return;
  }
  const actor = await ownerNow(job);
  const line = { jobId: job.id, line: row.line, attemptId: row.attempt_id, at: Date.now() };
  switch (attempt.outcome) {
    case 'succeeded':
      await settleBulkRow({
        ...line,
        state: attempt.changedFields.length === 0 ? 'unchanged' : 'succeeded',
        code: null,
        message: attempt.changedFields.length === 0 ? 'Attestr already held these values; nothing was sent.' : 'Saved.',
      });
      return;
    case 'pending':
    case 'unknown':
      await checkLine(job, claimed, actor);
      return;
    case 'conflict':
      await apply(job, claimed, actor, decide(new UpdateError({ kind: 'conflict' })));
      return;
    case 'refused':
    case 'failed':
      await apply(
        job,
        claimed,
        actor,
        decideFromCode({
          code: attempt.errorCode,
          message: attempt.message ?? 'Not saved.',
          ...(attempt.fieldErrors ? { fieldErrors: attempt.fieldErrors } : {}),
        }),
      );
      return;
  }
}

/** Works one line of one job; answers false when the job had no line to claim now. */
async function workOnce(ctx: RunnerContext, job: BulkJobRecord): Promise<boolean> {
  const now = Date.now();
  const phase = job.state === 'dry_run' ? 'dry_run' : 'update';
  const actor = phase === 'update' ? await ownerNow(job) : null;
  if (phase === 'update' && !actor) {
    await moveBulkJob({
      id: job.id,
      from: ['queued', 'running'],
      to: 'paused',
      set: {
        message:
          'Paused: the person who started it may no longer change these fields. Someone whose role may can cancel it, or download its remaining lines.',
      },
    });
    return false;
  }
  const budget = await getBudgetState();
  if (budget.reason === 'daily' && budget.pausedUntil !== null) {
    await setBulkJobWait({ id: job.id, message: budget.message, pausedUntil: budget.pausedUntil });
    return false;
  }
  if (job.paused_until !== null) await setBulkJobWait({ id: job.id, message: null, pausedUntil: null });
  if (job.state === 'queued') await moveBulkJob({ id: job.id, from: ['queued'], to: 'running' });
  const row = await claimBulkRow({ jobId: job.id, owner: ctx.owner, now, claimUntil: now + CLAIM_MS, phase });
  if (!row) {
    const ended = await endJobIfSettled({ id: job.id, at: Date.now() });
    if (ended) getLogger().info({ event: 'bulk.ended', jobId: job.id, state: ended }, 'bulk update ended');
    return false;
  }
  const stop = heartbeat(row);
  try {
    if (phase === 'dry_run') await readLine(job, row, ctx.owner);
    else await sendLine(job, row, actor as Actor);
  } finally {
    stop();
  }
  return true;
}

/** One worker: lines of the oldest job with work, then the next, until nothing can be done now. */
async function work(ctx: RunnerContext, stopped: () => boolean): Promise<void> {
  const skip: string[] = [];
  while (!stopped()) {
    const job = await nextWorkingJob({ now: Date.now(), skip });
    if (!job) return;
    if (!(await workOnce(ctx, job))) skip.push(job.id);
  }
}

async function settleLapsedClaims(ctx: RunnerContext, notOwner: boolean): Promise<void> {
  for (;;) {
    const lapsed = await listLapsedClaims({
      now: Date.now(),
      ...(notOwner ? { notOwner: ctx.owner } : {}),
      limit: 100,
    });
    if (lapsed.length === 0) return;
    for (const row of lapsed) await settleLapsed(ctx, row);
    if (lapsed.length < 100) return;
  }
}

const holder = globalThis as typeof globalThis & {
  __bulkRunner?: { wake: () => void; stop: () => Promise<void> };
};

/**
 * Starts this process's bulk runner: it looks for work every second, and at once when a job is
 * created, resumed or started here. Answers a function that stops it (lines in hand finish).
 */
export function startBulkRunner(input: { everyMs?: number } = {}): () => Promise<void> {
  if (holder.__bulkRunner) return holder.__bulkRunner.stop;
  const ctx: RunnerContext = { owner: randomUUID(), engine: getDatabase().engine };
  const concurrency = getEnv().BULK_CONCURRENCY;
  const retentionMs = getEnv().BULK_RETENTION_DAYS * DAY_MS;
  const workers = new Set<Promise<void>>();
  let stopped = false;
  let holdsLease = ctx.engine === 'postgres';
  let settledAtStart = false;
  let lastPurge = 0;
  let ticking = false;

  const housekeeping = async () => {
    const now = Date.now();
    if (ctx.engine === 'sqlite') {
      const held = await takeRunnerLease({
        owner: ctx.owner,
        host: hostname(),
        pid: process.pid,
        now,
        leaseUntil: now + LEASE_MS,
        isAlive: isProcessRunning,
      });
      if (held && !holdsLease) getLogger().info({ event: 'bulk.runner_lease' }, 'this process runs bulk updates');
      holdsLease = held;
      if (!held) return;
    }
    // On SQLite this runner is the only one: any other claim belongs to a process that is gone.
    await settleLapsedClaims(ctx, ctx.engine === 'sqlite' && !settledAtStart);
    settledAtStart = true;
    if (now - lastPurge > PURGE_EVERY_MS) {
      lastPurge = now;
      const purged = await purgeEndedJobs({ endedBefore: now - retentionMs, at: now });
      if (purged > 0) getLogger().info({ event: 'bulk.purged', jobs: purged }, 'values of ended bulk updates deleted');
      const dropped = await dropAbandonedStores({ at: now });
      if (dropped > 0)
        getLogger().info({ event: 'bulk.store_dropped', jobs: dropped }, 'half-stored bulk updates deleted');
    }
  };

  const tick = async () => {
    if (stopped || ticking) return;
    ticking = true;
    try {
      await housekeeping();
    } catch (error) {
      getLogger().error({ event: 'bulk.runner_failed', err: String(error) }, 'the bulk runner hit an error');
    } finally {
      ticking = false;
    }
    if (!holdsLease || stopped) return;
    while (workers.size < concurrency) {
      const worker: Promise<void> = work(ctx, () => stopped)
        .catch((error: unknown) =>
          getLogger().error({ event: 'bulk.worker_failed', err: String(error) }, 'a bulk worker hit an error'),
        )
        .finally(() => workers.delete(worker));
      workers.add(worker);
    }
  };

  const timer = setInterval(() => void tick(), input.everyMs ?? 1_000);
  timer.unref();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    delete holder.__bulkRunner;
    await Promise.allSettled([...workers]);
    if (ctx.engine === 'sqlite') await giveUpRunnerLease({ owner: ctx.owner }).catch(() => undefined);
  };
  holder.__bulkRunner = { wake: () => void tick(), stop };
  void tick();
  return stop;
}
