import 'server-only';

import { getBudgetState } from '@/lib/attestr/budget';
import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import { runInBackground, runInBackgroundWithin } from '@/lib/attestr/priority';
import {
  claimBulkRow,
  dropAbandonedStores,
  endJobIfSettled,
  extendBulkRowClaim,
  findBulkJob,
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
  type BulkJobRecord,
  type BulkRowRecord,
} from '@/lib/db/bulk-jobs';
import { findAttempt } from '@/lib/db/update-attempts';
import { listUserNames } from '@/lib/db/users';
import { getEnv } from '@/lib/env';
import { resolveEarlierTries } from '@/lib/audit/earlier-tries';
import type { JobContext, JobKind } from '@/lib/jobs/kind';
import { backoffMs, decideFromCode, resolveDecision, type Decision, type Resolved } from '@/lib/jobs/policy';
import { decideAfterSave } from '@/lib/updates/save-error-decisions';
import { isDailyCode, isRateCode, isTransientCode } from '@/lib/errors/code-classes';
import { nextUtcMidnight } from '@/lib/utc-day';
import { getLogger } from '@/lib/log';
import { can, editableFields } from '@/lib/shared/permissions';
import { sameValue } from '@/lib/profiles/same-value';
import { PROFILE_FIELDS, PROFILE_FIELD_LABELS, toFormValues, type ProfileField } from '@/lib/shared/profile-fields';
import { noteProfileSeen } from '@/lib/profiles/profile-index-notes';
import { afterTries } from '@/lib/shared/bulk-line-result';
import { noteSettledLine } from '@/lib/bulk/runaway';
import { attestrSaidText } from '@/lib/errors/attestr-said';
import { checkAttemptAtAttestr } from '@/lib/updates/check-at-attestr';
import { UpdateError } from '@/lib/updates/errors';
import { saveProfile, type Actor } from '@/lib/updates/save';

/**
 * Bulk lines as a kind of background job (lib/jobs/loop.ts). Lines are sent one save at a
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
 * On PostgreSQL every instance runs a jobs loop and lines are claimed FOR UPDATE SKIP LOCKED. On
 * SQLite the file belongs to one process: the loop holding the runner lease (a live process) works.
 */

const PURGE_EVERY_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A line claimed for its next try (or read, in a dry run), with its job and who it acts for. */
interface LineWork {
  job: BulkJobRecord;
  row: BulkRowRecord;
  actor: Actor | null;
  failures: number;
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
async function resolveEarlierLineTries(job: BulkJobRecord, row: BulkRowRecord, attemptId: string): Promise<void> {
  await resolveEarlierTries({
    earlier: Array.from({ length: Math.max(0, row.tries - 1) }, (_, at) => `${job.id}.${row.line}.${at + 1}`),
    savedAs: attemptId,
    note: `Sent again by the bulk update: saved as ${attemptId}.`,
    by: job.created_by,
    at: Date.now(),
  });
}

/** Records a claimed line's outcome, and counts it towards a runaway (lib/bulk/runaway.ts). */
async function settleLine(row: BulkRowRecord, outcome: Parameters<typeof settleBulkRow>[0]): Promise<void> {
  if (!(await settleBulkRow(outcome))) return;
  await noteSettledLine({
    jobId: outcome.jobId,
    line: outcome.line,
    profileId: row.profile_id,
    failedWith: outcome.state === 'failed' ? outcome.code : null,
  });
}

/** Records what the policy decided for a claimed line's try. */
async function apply(job: BulkJobRecord, row: BulkRowRecord, actor: Actor | null, decision: Resolved): Promise<void> {
  const attemptId = row.attempt_id as string;
  const at = Date.now();
  const line = { jobId: job.id, line: row.line, attemptId, at };
  switch (decision.kind) {
    case 'settle':
      await settleLine(row, {
        ...line,
        state: decision.reason === 'conflict' ? 'conflict' : 'failed',
        code: decision.code,
        message: decision.message,
      });
      return;
    case 'given_up':
      await settleLine(row, {
        ...line,
        state: 'failed',
        code: decision.code,
        message: afterTries(decision.failures, decision.message),
      });
      return;
    case 'again':
      await releaseBulkRow({
        ...line,
        failures: decision.failures,
        nextTryAt: decision.nextTryAt,
        code: decision.code,
        message: decision.message,
      });
      return;
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

/** Counts a line's try and records what the policy decided for it. */
async function decideFor(job: BulkJobRecord, row: BulkRowRecord, actor: Actor | null, decision: Decision) {
  await apply(job, row, actor, resolveDecision({ decision, failures: row.failures, now: Date.now() }));
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
    await settleLine(row, {
      ...line,
      state: 'succeeded',
      code: null,
      message: 'No answer came from Attestr, so the profile was read: the change is there.',
    });
    await resolveEarlierLineTries(job, row, attemptId);
  } else if (settled === 'failed') {
    await decideFor(job, row, actor, {
      kind: 'again',
      failure: true,
      code: 'UPDATE_OUTCOME_UNKNOWN',
      message: 'No answer came from Attestr, and the profile still holds its values from before.',
    });
  } else {
    await settleLine(row, {
      ...line,
      state: 'conflict',
      code: 'PROFILE_CHANGED',
      message:
        'No answer came from Attestr, and the profile now holds other values than before or than sent: someone else changed it. It is in the updates inbox.',
    });
  }
}

/** Sends one claimed line through the save path; throws when the save did not succeed. */
async function sendLine(job: BulkJobRecord, row: BulkRowRecord, actor: Actor): Promise<void> {
  const attemptId = row.attempt_id as string;
  const set = row.set_values === null ? null : (JSON.parse(row.set_values) as Partial<Record<ProfileField, string>>);
  const at = () => Date.now();
  if (set === null) {
    await settleLine(row, {
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
  await settleLine(row, {
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
  if (!unchanged) await resolveEarlierLineTries(job, row, attemptId);
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
    // Its budget waits end, as a save's do: a read held until the next UTC day would hold its claim.
    const profile = await noteProfileSeen({
      profile: await runInBackgroundWithin(() => client.getProfile(row.profile_id)),
    });
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
    } else if (isRateCode(code) || isTransientCode(code) || isDailyCode(code)) {
      // Read again later: nothing was changed by trying.
      await releaseBulkRow({
        jobId: job.id,
        line: row.line,
        attemptId: row.attempt_id,
        failures: row.failures,
        nextTryAt: Date.now() + (isRateCode(code) ? 0 : backoffMs(row.failures + 1)),
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
async function settleLapsed(ctx: JobContext, row: BulkRowRecord): Promise<void> {
  if (!(await takeOverClaim({ row, owner: ctx.owner, claimUntil: ctx.claimUntil() }))) return;
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
      await settleLine(row, {
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
      await decideFor(job, claimed, actor, decideAfterSave(new UpdateError({ kind: 'conflict' })));
      return;
    case 'refused':
    case 'failed':
      await decideFor(
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

/**
 * Claims a line of a job for this loop: answers the line, or undefined when the job had none to
 * claim now (then the job ends if every line is settled).
 */
async function claimLineOf(ctx: JobContext, job: BulkJobRecord): Promise<LineWork | undefined> {
  const now = ctx.now();
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
    return undefined;
  }
  const budget = await getBudgetState();
  if (budget.reason === 'daily' && budget.pausedUntil !== null) {
    await setBulkJobWait({ id: job.id, message: budget.message, pausedUntil: budget.pausedUntil });
    return undefined;
  }
  if (job.paused_until !== null) await setBulkJobWait({ id: job.id, message: null, pausedUntil: null });
  if (job.state === 'queued') await moveBulkJob({ id: job.id, from: ['queued'], to: 'running' });
  const row = await claimBulkRow({ jobId: job.id, owner: ctx.owner, now, claimUntil: ctx.claimUntil(), phase });
  if (!row) {
    const ended = await endJobIfSettled({ id: job.id, at: ctx.now() });
    if (ended) getLogger().info({ event: 'bulk.ended', jobId: job.id, state: ended }, 'bulk update ended');
    return undefined;
  }
  return { job, row, actor, failures: row.failures };
}

async function settleLapsedClaims(ctx: JobContext, notOwner: boolean): Promise<void> {
  for (;;) {
    const lapsed = await listLapsedClaims({
      now: ctx.now(),
      ...(notOwner ? { notOwner: ctx.owner } : {}),
      limit: 100,
    });
    if (lapsed.length === 0) return;
    for (const row of lapsed) await settleLapsed(ctx, row);
    if (lapsed.length < 100) return;
  }
}

/**
 * Bulk lines as a kind of job: BULK_CONCURRENCY lines at once per process, the lines of the
 * oldest job with work first, a dry run's read or an update's save each.
 */
export function bulkLineJobs(): JobKind<LineWork> {
  let settledAtStart = false;
  let lastPurge = 0;
  return {
    name: 'bulk-lines',
    scope: 'shared',
    decide: decideAfterSave,
    concurrency: () => getEnv().BULK_CONCURRENCY,
    async tend(ctx) {
      // On SQLite this loop is the only one: any other claim belongs to a process that is gone.
      await settleLapsedClaims(ctx, ctx.engine === 'sqlite' && !settledAtStart);
      settledAtStart = true;
      const now = ctx.now();
      if (now - lastPurge > PURGE_EVERY_MS) {
        lastPurge = now;
        const retentionMs = getEnv().BULK_RETENTION_DAYS * DAY_MS;
        const purged = await purgeEndedJobs({ endedBefore: now - retentionMs, at: now });
        if (purged > 0)
          getLogger().info({ event: 'bulk.purged', jobs: purged }, 'values of ended bulk updates deleted');
        const dropped = await dropAbandonedStores({ at: now });
        if (dropped > 0) {
          getLogger().info({ event: 'bulk.store_dropped', jobs: dropped }, 'half-stored bulk updates deleted');
        }
      }
    },
    async claim(ctx) {
      const skip: string[] = [];
      while (!ctx.stopped()) {
        const job = await nextWorkingJob({ now: ctx.now(), skip });
        if (!job) return undefined;
        const claimed = await claimLineOf(ctx, job);
        if (claimed) return claimed;
        skip.push(job.id);
      }
      return undefined;
    },
    async renew(ctx, { row }) {
      if (row.attempt_id === null) return;
      await extendBulkRowClaim({
        jobId: row.job_id,
        line: row.line,
        attemptId: row.attempt_id,
        claimUntil: ctx.claimUntil(),
      });
    },
    async run(ctx, { job, row, actor }) {
      if (job.state === 'dry_run') await readLine(job, row, ctx.owner);
      else await sendLine(job, row, actor as Actor);
    },
    async onOutcome(_ctx, { job, row, actor }, outcome) {
      await apply(job, row, actor, outcome);
    },
  };
}
