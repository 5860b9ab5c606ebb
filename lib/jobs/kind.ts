import type { Decision, Resolved } from '@/lib/jobs/policy';

/** How long a claim lasts unless its heartbeat renews it: a claim older than this lapsed. */
export const CLAIM_MS = 30_000;
/** How often a claim in hand is renewed. */
export const HEARTBEAT_MS = 10_000;

/** What a kind of job is given by the loop that runs it. */
export interface JobContext {
  /** This loop's id: the owner named in every claim it makes. */
  owner: string;
  engine: 'sqlite' | 'postgres';
  now: () => number;
  /** When a claim made now lapses unless renewed. */
  claimUntil: () => number;
  stopped: () => boolean;
}

/** A piece of work a kind claimed: how many of its tries failed so far, for the policy. */
export interface ClaimedWork {
  failures: number;
}

/**
 * One kind of background job. The loop calls `tend` on its cadence, then, while `claim` finds
 * work, runs it with the claim renewed every HEARTBEAT_MS; what a try that throws comes to is the
 * kind's `decide`, counted by the policy (lib/jobs/policy.ts), and handed to `onOutcome` to record.
 */
export interface JobKind<W extends ClaimedWork = ClaimedWork> {
  name: string;
  /**
   * 'shared': work any instance may do once; on SQLite only the process holding the runner
   * lease does it. 'process': every process does it for itself (its own heartbeat).
   */
  scope: 'shared' | 'process';
  /** How often `tend` runs at most; every tick when absent. */
  everyMs?: number;
  /** How many pieces of this kind one process works on at once; one when absent. */
  concurrency?: () => number;
  /** Housekeeping: claims that lapsed are settled, old records purged. */
  tend?(ctx: JobContext): Promise<void>;
  /** Claims the next piece of work that may be done now, named for ctx.owner until ctx.claimUntil(). */
  claim?(ctx: JobContext): Promise<W | undefined>;
  /** Extends the claim while the work runs. */
  renew?(ctx: JobContext, work: W): Promise<void>;
  /** Does the work and records its success; throws when the try did not succeed. */
  run?(ctx: JobContext, work: W): Promise<void>;
  /** What a try that threw `error` comes to; a fault of the console, tried again, when absent. */
  decide?(error: unknown): Decision;
  /** Records what the policy decided for a try that threw `cause`. */
  onOutcome?(ctx: JobContext, work: W, outcome: Resolved, cause: unknown): Promise<void>;
}
