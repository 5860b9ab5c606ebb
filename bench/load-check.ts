import type { TappedCall } from '@/sandbox/tap';

import { percentile } from './load';

/**
 * The invariants `npm run test:load` asserts after a run, and its figures: pure functions of
 * what the people were answered, what the console's database recorded and what the tap saw
 * reach Attestr, so that each invariant can be shown to fail on a record that breaks it.
 */

/** One request a person sent to the console. */
export interface PersonRequest {
  kind: 'get' | 'put';
  profileId: string;
  /** The console's HTTP status; 0 when no answer came (a hang or a broken connection). */
  status: number;
  /** The console's error code for an error answer (a number for Attestr's own). */
  code: string | null;
  /** No answer before the client's deadline. */
  hang: boolean;
  /** The connection failed before an answer (not a hang). */
  failed: boolean;
  ms: number;
  /** For a PUT: the Idempotency-Key sent, and the attemptId a 200 named. */
  attemptId?: string;
  answeredAttemptId?: string | null;
  /** A 429's Retry-After header, null when it had none. */
  retryAfter?: string | null;
}

/** An update_attempt row, as read from the console's database. */
export interface AttemptRow {
  id: string;
  profile_id: string;
  outcome: string;
  source: string;
  /** JSON array of the fields changed. */
  changed_fields: string;
  /** JSON of the values sent; null when nothing was sent. */
  sent: string | null;
  /** The console's or Attestr's code of an attempt that did not succeed. */
  error_code: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface LoadFigures {
  requests: number;
  gets: number;
  saves: number;
  savesOk: number;
  tooMany: number;
  tooManyWithoutRetryAfter: number;
  /** Other 4xx, by "status code" (e.g. "409 PROFILE_CHANGED"). */
  clientErrors: Record<string, number>;
  serverErrors: number;
  /** 5xx by "status code". */
  serverErrorCodes: Record<string, number>;
  hangs: number;
  connectionFailures: number;
  saveP50Ms: number;
  saveP99Ms: number;
  saveMaxMs: number;
  getP50Ms: number;
  getP99Ms: number;
  /** Updates that reached Attestr, by its status. */
  putsAtAttestr: Record<string, number>;
  /** Attempts in the database by outcome. */
  attemptsByOutcome: Record<string, number>;
  bulkLinesDone: number;
}

const isProfileUpdate = (call: TappedCall) =>
  call.method === 'PUT' && call.profileId !== null && /\/factx\/[^/]+$/.test(call.path);

/** Whether an attempt sent an update: it changed fields and has values sent (a bulk line already held sends none). */
function sentUpdate(attempt: AttemptRow): boolean {
  return attempt.sent !== null && (JSON.parse(attempt.changed_fields) as unknown[]).length > 0;
}

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

export function loadFigures(input: {
  requests: readonly PersonRequest[];
  attempts: readonly AttemptRow[];
  calls: readonly TappedCall[];
  bulkLinesDone: number;
}): LoadFigures {
  const { requests } = input;
  const answered = requests.filter((r) => r.status > 0);
  const saves = answered.filter((r) => r.kind === 'put');
  const gets = answered.filter((r) => r.kind === 'get');
  const clientErrors: Record<string, number> = {};
  const serverErrorCodes: Record<string, number> = {};
  for (const r of answered) {
    if (r.status >= 400 && r.status < 500 && r.status !== 429) bump(clientErrors, `${r.status} ${r.code ?? '?'}`);
    if (r.status >= 500) bump(serverErrorCodes, `${r.status} ${r.code ?? '?'}`);
  }
  const putsAtAttestr: Record<string, number> = {};
  for (const call of input.calls) if (isProfileUpdate(call)) bump(putsAtAttestr, String(call.status));
  const attemptsByOutcome: Record<string, number> = {};
  for (const attempt of input.attempts) bump(attemptsByOutcome, `${attempt.outcome}`);
  const tooMany = answered.filter((r) => r.status === 429);
  return {
    requests: requests.length,
    gets: requests.filter((r) => r.kind === 'get').length,
    saves: requests.filter((r) => r.kind === 'put').length,
    savesOk: saves.filter((r) => r.status === 200).length,
    tooMany: tooMany.length,
    tooManyWithoutRetryAfter: tooMany.filter((r) => !r.retryAfter).length,
    clientErrors,
    serverErrors: answered.filter((r) => r.status >= 500).length,
    serverErrorCodes,
    hangs: requests.filter((r) => r.hang).length,
    connectionFailures: requests.filter((r) => r.failed).length,
    saveP50Ms: percentile(
      saves.map((r) => r.ms),
      50,
    ),
    saveP99Ms: percentile(
      saves.map((r) => r.ms),
      99,
    ),
    saveMaxMs: saves.reduce((max, r) => Math.max(max, r.ms), 0),
    getP50Ms: percentile(
      gets.map((r) => r.ms),
      50,
    ),
    getP99Ms: percentile(
      gets.map((r) => r.ms),
      99,
    ),
    putsAtAttestr,
    attemptsByOutcome,
    bulkLinesDone: input.bulkLinesDone,
  };
}

const listed = (items: readonly string[], max = 5) =>
  items.length <= max ? items.join('; ') : `${items.slice(0, max).join('; ')}; … ${items.length - max} more`;

/**
 * The invariants, each failure one sentence naming it. Matching an update at Attestr to its
 * attempt relies on what the console promises: one save of a profile at a time, so the updates
 * of a profile that reached the tap after an attempt was created and before the next attempt
 * of that profile was created are that attempt's.
 */
export function loadFailures(input: {
  requests: readonly PersonRequest[];
  attempts: readonly AttemptRow[];
  calls: readonly TappedCall[];
}): string[] {
  const failures: string[] = [];
  const { requests, attempts, calls } = input;

  // (a) no 5xx
  const serverErrors = requests.filter((r) => r.status >= 500);
  if (serverErrors.length > 0) {
    const codes: Record<string, number> = {};
    for (const r of serverErrors) bump(codes, `${r.kind.toUpperCase()} ${r.status} ${r.code ?? '?'}`);
    failures.push(`(a) ${serverErrors.length} answer(s) 5xx: ${JSON.stringify(codes)}`);
  }

  // (b) no hang, and no request without an answer
  const hangs = requests.filter((r) => r.hang);
  if (hangs.length > 0) {
    const saves = hangs.filter((r) => r.kind === 'put').length;
    failures.push(
      `(b) ${hangs.length} request(s) not answered before the deadline (${saves} saves, ${hangs.length - saves} opens)`,
    );
  }
  const broken = requests.filter((r) => r.failed);
  if (broken.length > 0) failures.push(`(b) ${broken.length} request(s) ended without an answer (connection failed)`);

  // (c) every 200 to a person is one succeeded attempt with that id
  const byId = new Map(attempts.map((a) => [a.id, a]));
  const wrongSaves: string[] = [];
  for (const r of requests) {
    if (r.kind !== 'put' || r.status !== 200) continue;
    if (r.answeredAttemptId !== r.attemptId) {
      wrongSaves.push(`answer named attempt ${r.answeredAttemptId ?? 'none'} for key ${r.attemptId}`);
      continue;
    }
    const attempt = byId.get(r.attemptId ?? '');
    if (!attempt) wrongSaves.push(`attempt ${r.attemptId} answered 200 is not recorded`);
    else if (attempt.outcome !== 'succeeded')
      wrongSaves.push(`attempt ${attempt.id} answered 200 is recorded '${attempt.outcome}'`);
  }
  if (wrongSaves.length > 0) {
    failures.push(`(c) ${wrongSaves.length} save(s) answered 200 without one succeeded attempt: ${listed(wrongSaves)}`);
  }

  // (d) per profile, updates Attestr accepted = succeeded attempts that sent an update
  const accepted = new Map<string, number>();
  for (const call of calls) {
    if (isProfileUpdate(call) && call.status === 200) {
      accepted.set(call.profileId as string, (accepted.get(call.profileId as string) ?? 0) + 1);
    }
  }
  const succeeded = new Map<string, number>();
  for (const a of attempts) {
    if (a.outcome === 'succeeded' && sentUpdate(a)) succeeded.set(a.profile_id, (succeeded.get(a.profile_id) ?? 0) + 1);
  }
  const mismatched: string[] = [];
  for (const profileId of new Set([...accepted.keys(), ...succeeded.keys()])) {
    const atAttestr = accepted.get(profileId) ?? 0;
    const recorded = succeeded.get(profileId) ?? 0;
    if (atAttestr !== recorded) mismatched.push(`${profileId}: ${atAttestr} accepted, ${recorded} succeeded`);
  }
  if (mismatched.length > 0) {
    const more = [...mismatched].length;
    failures.push(
      `(d) ${more} profile(s) whose updates accepted by Attestr differ from their succeeded attempts: ${listed(mismatched)}`,
    );
  }

  // (e) no attempt that sent an update is recorded otherwise than succeeded when Attestr answered it 200
  const attemptsByProfile = new Map<string, AttemptRow[]>();
  for (const a of attempts) attemptsByProfile.set(a.profile_id, [...(attemptsByProfile.get(a.profile_id) ?? []), a]);
  const misrecorded: string[] = [];
  for (const [profileId, rows] of attemptsByProfile) {
    const ordered = [...rows].sort((x, y) => x.created_at - y.created_at);
    const puts = calls.filter((c) => isProfileUpdate(c) && c.profileId === profileId && c.status === 200);
    ordered.forEach((attempt, i) => {
      if (attempt.outcome === 'succeeded' || attempt.outcome === 'pending' || attempt.sent === null) return;
      const until = ordered[i + 1]?.created_at ?? Number.POSITIVE_INFINITY;
      const applied = puts.filter((c) => c.startedAt >= attempt.created_at && c.startedAt < until);
      if (applied.length > 0)
        misrecorded.push(`${attempt.id} (${attempt.source}) on ${profileId}: '${attempt.outcome}'`);
    });
  }
  if (misrecorded.length > 0) {
    failures.push(
      `(e) ${misrecorded.length} attempt(s) recorded as not saved although Attestr answered their update 200: ${listed(misrecorded)}`,
    );
  }

  // (f) the run proved something: at least one person's save went through
  if (!requests.some((r) => r.kind === 'put' && r.status === 200)) {
    failures.push('(f) no save was answered 200: nothing above could be checked against a saved update');
  }
  // (g) one save of a profile at a time: no attempt starts before the one before it finished
  const overlapping: string[] = [];
  const overlapPairs: Record<string, number> = {};
  for (const [profileId, rows] of attemptsByProfile) {
    const ordered = [...rows].sort((x, y) => x.created_at - y.created_at);
    let open: AttemptRow | null = null;
    // A save refused because another of the profile's was still under way never had its turn.
    for (const attempt of ordered.filter((row) => row.error_code !== 'PROFILE_BUSY')) {
      if (open?.finished_at != null && attempt.created_at < open.finished_at) {
        overlapping.push(
          `${attempt.id} (${attempt.source}) on ${profileId} began ${open.finished_at - attempt.created_at} ms ` +
            `before ${open.id} (${open.source}) ended`,
        );
        bump(overlapPairs, `${attempt.source} during ${open.source}`);
      }
      if (attempt.finished_at !== null && (open?.finished_at == null || attempt.finished_at > open.finished_at)) {
        open = attempt;
      }
    }
  }
  if (overlapping.length > 0) {
    failures.push(
      `(g) ${overlapping.length} save(s) of a profile ran while another was under way ` +
        `(${JSON.stringify(overlapPairs)}): ${listed(overlapping)}`,
    );
  }

  return failures;
}
