import 'server-only';

import { sql } from 'kysely';

import { AttestrError } from '@/lib/attestr/errors';
import { getAttestrClient } from '@/lib/attestr/instance';
import { getDatabase } from '@/lib/db/connection';
import { isSandboxMode } from '@/lib/env';

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: { ok: boolean; engine: string };
  attestr: { ok: boolean; mode: 'sandbox' | 'live'; problem?: string };
}

// A profile id that cannot exist: Attestr answering 40018 for it proves reachability and credentials.
const PROBE_ID = 'console-health-probe';
const UPSTREAM_CACHE_MS = 15_000;
let upstreamCache: { at: number; value: HealthReport['attestr'] } | undefined;

async function checkDatabase(): Promise<HealthReport['database']> {
  const { db, engine } = getDatabase();
  try {
    await sql`select 1`.execute(db);
    return { ok: true, engine };
  } catch {
    return { ok: false, engine };
  }
}

/** Probes Attestr at most every 15 s, so health checks cannot eat the API rate limit. */
async function checkAttestr(): Promise<HealthReport['attestr']> {
  if (upstreamCache && Date.now() - upstreamCache.at < UPSTREAM_CACHE_MS) return upstreamCache.value;
  const mode = isSandboxMode() ? 'sandbox' : 'live';
  let value: HealthReport['attestr'];
  try {
    await (await getAttestrClient()).getProfile(PROBE_ID);
    value = { ok: true, mode };
  } catch (error) {
    if (error instanceof AttestrError && error.code === 40018) value = { ok: true, mode };
    else if (error instanceof AttestrError && error.kind === 'http')
      value = { ok: false, mode, problem: `Attestr refused the console's credentials or service (code ${error.code})` };
    else value = { ok: false, mode, problem: 'Attestr could not be reached' };
  }
  upstreamCache = { at: Date.now(), value };
  return value;
}

/** Whether the console can do its work; reveals no configuration value. */
export async function getHealth(): Promise<HealthReport> {
  const [database, attestr] = await Promise.all([checkDatabase(), checkAttestr()]);
  return { status: database.ok && attestr.ok ? 'ok' : 'degraded', database, attestr };
}
