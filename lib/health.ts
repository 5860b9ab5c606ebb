import 'server-only';

import { sql } from 'kysely';

import { isBudgetWait } from '@/lib/attestr/budget';
import { AttestrError } from '@/lib/attestr/errors';
import { runAsProbe } from '@/lib/attestr/priority';
import { getAttestrClient } from '@/lib/attestr/instance';
import { getDatabase } from '@/lib/db/connection';
import { isSandboxMode } from '@/lib/env';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { ok: boolean; engine: string };
  attestr: { ok: boolean; mode: 'sandbox' | 'live'; problem?: string };
}

/** Who may read the details (database, Attestr): the roles that run the console. */
const HEALTH_DETAIL_ROLES: ReadonlySet<string> = new Set(['admin', 'ops']);

export function mayReadHealthDetails(role: string | null | undefined): boolean {
  return typeof role === 'string' && HEALTH_DETAIL_ROLES.has(role);
}

// A profile id that cannot exist: Attestr answering 40018 for it proves reachability and credentials.
const PROBE_ID = 'console-health-probe';
/** Attestr is asked at most once per interval, however many health checks arrive. */
export const ATTESTR_PROBE_INTERVAL_MS = 15_000;

// On globalThis: Next loads each route handler in a module graph of its own, and the
// liveness, readiness and detailed answers must share one probe.
const holder = globalThis as typeof globalThis & {
  __consoleAttestrProbe?: { startedAt: number; result: Promise<HealthReport['attestr']> };
};

async function checkDatabase(): Promise<HealthReport['database']> {
  const { db, engine } = getDatabase();
  try {
    await sql`select 1`.execute(db);
    return { ok: true, engine };
  } catch {
    return { ok: false, engine };
  }
}

async function probeAttestr(): Promise<HealthReport['attestr']> {
  const mode = isSandboxMode() ? 'sandbox' : 'live';
  try {
    // Not a person calling: a load balancer's checks must not hold background work to its share.
    const client = await getAttestrClient();
    await runAsProbe(() => client.getProfile(PROBE_ID));
    return { ok: true, mode };
  } catch (error) {
    if (error instanceof AttestrError && error.code === 40018) return { ok: true, mode };
    // The console holding its own calls back is no fault of this instance: taking it out of a
    // load balancer's rotation would only stop people reading profiles.
    if (isBudgetWait(error)) {
      return {
        ok: true,
        mode,
        problem: 'The console is holding back its calls to Attestr for now (its shared budget)',
      };
    }
    if (error instanceof AttestrError && error.kind === 'http')
      return { ok: false, mode, problem: `Attestr refused the console's credentials or service (code ${error.code})` };
    return { ok: false, mode, problem: 'Attestr could not be reached' };
  }
}

/**
 * Attestr's reachability: one probe per interval, shared by every caller, including those
 * that arrive while it is still running, so that health checks cannot eat the API rate limit.
 */
function checkAttestr(): Promise<HealthReport['attestr']> {
  const current = holder.__consoleAttestrProbe;
  if (current && Date.now() - current.startedAt < ATTESTR_PROBE_INTERVAL_MS) return current.result;
  const probe = { startedAt: Date.now(), result: probeAttestr() };
  holder.__consoleAttestrProbe = probe;
  return probe.result;
}

/** Whether the console can do its work; reveals no configuration value. */
export async function getHealth(): Promise<HealthReport> {
  const [database, attestr] = await Promise.all([checkDatabase(), checkAttestr()]);
  return { status: database.ok && attestr.ok ? 'ok' : 'degraded', database, attestr };
}
