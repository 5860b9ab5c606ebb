import 'server-only';

import { getBudgetState } from '@/lib/attestr/budget';
import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import { runInBackgroundWithin } from '@/lib/attestr/priority';
import {
  claimImportItem,
  extendImportItemClaim,
  finishProfileImportIfRead,
  listUnfinishedImports,
  releaseImportItem,
  releaseLapsedImportClaims,
  setProfileImportWait,
  settleImportItem,
  type ProfileImportItemRecord,
} from '@/lib/db/profile-imports';
import type { JobContext, JobKind } from '@/lib/jobs/kind';
import { CONSOLE_FAULT, decideFromCode, type Decision, type Resolved } from '@/lib/jobs/policy';
import { getLogger } from '@/lib/log';
import { noteAttestrAnswer, noteProfileSeen } from '@/lib/profiles/profile-index-notes';
import { PROFILE_IMPORT_JOB_KIND } from '@/lib/profiles/imports';
import { nextUtcMidnight } from '@/lib/utc-day';

/**
 * A directory import's profile IDs as a kind of background job (lib/jobs/loop.ts): each is
 * claimed (pending → reading, a compare-and-set, FOR UPDATE SKIP LOCKED on PostgreSQL), read
 * from Attestr through the shared budget as background work, so people's calls go first, noted
 * in the profile index, and recorded as found, not found at Attestr (40018) or failed with
 * Attestr's reason. Transient failures are tried again by the jobs' policy (lib/jobs/policy.ts).
 * A claim is renewed while its read runs; one that lapsed (its process died) is given back and
 * read again: a read changes nothing at Attestr. Imports are read one after another, oldest first.
 */

/** How long an import waits when Attestr refuses the console itself, before it tries again. */
const ACCOUNT_REFUSED_WAIT_MS = 60_000;

interface ItemWork {
  item: ProfileImportItemRecord;
  failures: number;
}

const claimOf = (ctx: JobContext, item: ProfileImportItemRecord) => ({
  importId: item.import_id,
  position: item.position,
  owner: ctx.owner,
});

/** What a read that threw comes to: Attestr's code or the console's, by its class. */
function decideAfterRead(error: unknown): Decision {
  if (!(error instanceof AttestrError)) return CONSOLE_FAULT;
  return decideFromCode({
    code: String(error.code),
    message: error.message,
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  });
}

/** Why an import waits for the next day: Attestr's own daily limit, or background work's share used. */
async function dailyWaitMessage(code: string): Promise<string> {
  const attestrSaid =
    'Attestr’s daily limit for this account is used up. The import goes on by itself after 00:00 UTC.';
  if (code !== 'ATTESTR_BUDGET_WAIT') return attestrSaid;
  const state = await getBudgetState();
  return state.message?.startsWith('Attestr’s daily limit')
    ? attestrSaid
    : 'Background work has used its share of today’s Attestr calls. The import goes on by itself after 00:00 UTC.';
}

/** Reads one claimed profile ID and records what it came to; throws when the read failed. */
async function readItem(ctx: JobContext, item: ProfileImportItemRecord): Promise<void> {
  const claim = claimOf(ctx, item);
  const client = await getAttestrClient();
  try {
    // Its budget waits end: a read held until the next UTC day would hold its claim, and a stop.
    const profile = await runInBackgroundWithin(() => client.getProfile(item.profile_id));
    await noteProfileSeen({ profile });
    await settleImportItem({ ...claim, state: 'found', code: null, message: null, at: ctx.now() });
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    if (error.code === 40018) {
      await settleImportItem({ ...claim, state: 'not_found', code: '40018', message: error.message, at: ctx.now() });
      return;
    }
    if (error.code === 40038) {
      // Archived: the profile is there, and the index says so.
      await noteAttestrAnswer({ profileId: item.profile_id, error });
      await settleImportItem({ ...claim, state: 'found', code: '40038', message: error.message, at: ctx.now() });
      return;
    }
    throw error;
  }
}

/** Records what the policy decided for a claimed item's read that failed. */
async function recordFailedRead(ctx: JobContext, item: ProfileImportItemRecord, outcome: Resolved): Promise<void> {
  const claim = claimOf(ctx, item);
  const at = ctx.now();
  switch (outcome.kind) {
    case 'settle':
      await settleImportItem({ ...claim, state: 'failed', code: outcome.code, message: outcome.message, at });
      return;
    case 'given_up':
      await settleImportItem({
        ...claim,
        state: 'failed',
        failures: outcome.failures,
        code: outcome.code,
        message: outcome.message,
        at,
      });
      return;
    case 'again':
      await releaseImportItem({
        ...claim,
        failures: outcome.failures,
        nextTryAt: outcome.nextTryAt,
        code: outcome.code,
        message: outcome.message,
      });
      return;
    case 'daily': {
      await releaseImportItem({ ...claim, failures: item.failures, nextTryAt: null, code: null, message: null });
      await setProfileImportWait({
        id: item.import_id,
        message: await dailyWaitMessage(outcome.code),
        pausedUntil: nextUtcMidnight(at),
      });
      getLogger().warn(
        { event: 'profile_import.daily_limit', importId: item.import_id, code: outcome.code },
        'profile import waits for the next day',
      );
      return;
    }
    case 'account':
      await releaseImportItem({ ...claim, failures: item.failures, nextTryAt: null, code: null, message: null });
      await setProfileImportWait({
        id: item.import_id,
        message:
          'Attestr refused the console’s calls. An administrator must fix this with Attestr; the import tries again every minute.',
        pausedUntil: at + ACCOUNT_REFUSED_WAIT_MS,
      });
      getLogger().warn(
        { event: 'profile_import.account_refused', importId: item.import_id, code: outcome.code },
        'profile import waits',
      );
      return;
    case 'check':
      // A read is never "maybe applied": read it again.
      await releaseImportItem({ ...claim, failures: item.failures, nextTryAt: null, code: null, message: null });
      return;
  }
}

/** Ends the imports whose every ID is read; clears the wait of those whose wait is over. */
async function tendImports(ctx: JobContext): Promise<void> {
  for (const record of await listUnfinishedImports()) {
    if (await finishProfileImportIfRead({ id: record.id, at: ctx.now() })) {
      getLogger().info({ event: 'profile_import.finished', importId: record.id }, 'profile import finished');
    } else if (record.paused_until !== null && Number(record.paused_until) <= ctx.now()) {
      await setProfileImportWait({ id: record.id, message: null, pausedUntil: null });
    }
  }
}

/** A directory import's profile IDs, read two at a time per process. */
export function profileImportJobs(): JobKind<ItemWork> {
  let releasedAtStart = false;
  return {
    name: PROFILE_IMPORT_JOB_KIND,
    scope: 'shared',
    concurrency: () => 2,
    decide: decideAfterRead,
    async tend(ctx) {
      // On SQLite this loop is the only one: any other claim belongs to a process that is gone.
      const notMine = ctx.engine === 'sqlite' && !releasedAtStart;
      const released = await releaseLapsedImportClaims({
        now: ctx.now(),
        ...(notMine ? { notOwner: ctx.owner } : {}),
      });
      releasedAtStart = true;
      if (released > 0) {
        getLogger().info({ event: 'profile_import.resumed', items: released }, 'profile import reads given back');
      }
      await tendImports(ctx);
    },
    async claim(ctx) {
      // A daily limit holds background calls until the next UTC day: the imports say so and wait.
      const budget = await getBudgetState();
      if (budget.reason === 'daily' && budget.pausedUntil !== null) {
        for (const record of await listUnfinishedImports()) {
          if (record.paused_until === null) {
            await setProfileImportWait({ id: record.id, message: budget.message, pausedUntil: budget.pausedUntil });
          }
        }
        return undefined;
      }
      const item = await claimImportItem({ owner: ctx.owner, now: ctx.now(), claimUntil: ctx.claimUntil() });
      return item ? { item, failures: item.failures } : undefined;
    },
    async renew(ctx, { item }) {
      await extendImportItemClaim({ ...claimOf(ctx, item), claimUntil: ctx.claimUntil() });
    },
    async run(ctx, { item }) {
      await readItem(ctx, item);
      await finishProfileImportIfRead({ id: item.import_id, at: ctx.now() });
    },
    async onOutcome(ctx, { item }, outcome) {
      await recordFailedRead(ctx, item, outcome);
      await finishProfileImportIfRead({ id: item.import_id, at: ctx.now() });
    },
  };
}
