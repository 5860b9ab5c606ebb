import 'server-only';

import { ensureEmbeddedSandbox } from '@/lib/attestr/instance';
import { DemoUsersInLiveModeError, ensureInitialUsers } from '@/lib/auth/bootstrap';
import { migrateDatabase } from '@/lib/auth/migrate';
import { getEnv, InvalidEnvError, isSandboxMode } from '@/lib/env';
import { getLogger } from '@/lib/log';
import { bulkLineJobs } from '@/lib/bulk/line-jobs';
import type { ClaimedWork, JobKind } from '@/lib/jobs/kind';
import { startJobs } from '@/lib/jobs/loop';
import { profileImportJobs } from '@/lib/profiles/import-jobs';
import { indexSandboxDemoProfiles } from '@/lib/profiles/sandbox-demo';
import { interruptedSaveJobs } from '@/lib/updates/interrupted-save-jobs';
import { recoverInterruptedAttempts } from '@/lib/updates/recover';
import { retryAllJobs } from '@/lib/updates/retry-all-jobs';

/** Every kind of background job the console runs, in the order a tick tends them. */
function consoleJobKinds(): JobKind<ClaimedWork>[] {
  return [interruptedSaveJobs(), retryAllJobs(), bulkLineJobs(), profileImportJobs()] as JobKind<ClaimedWork>[];
}

function fail(message: string): never {
  process.stderr.write(`\nAttestr Profile Console cannot start.\n${message}\nSee README.md, "Configuration".\n\n`);
  process.exit(1);
}

/**
 * Runs once per server process: validates configuration (a readable message and exit 1 when
 * wrong), migrates the database, creates the first users (refusing live mode while sandbox
 * demo accounts exist), marks updates a crash interrupted as unknown, starts the sandbox if no
 * real Attestr is configured (and puts its demo profiles in the profile index), and starts the jobs loop (bulk lines, "Retry all", the sweep of
 * interrupted saves, directory imports).
 */
export async function startConsole(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof InvalidEnvError) fail(error.message);
    throw error;
  }
  try {
    await migrateDatabase();
  } catch (error) {
    fail(`The database could not be prepared: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await ensureInitialUsers();
  } catch (error) {
    if (error instanceof DemoUsersInLiveModeError) fail(error.message);
    throw error;
  }
  await recoverInterruptedAttempts();
  if (isSandboxMode()) {
    try {
      await ensureEmbeddedSandbox();
    } catch (error) {
      // A taken port or an unreadable data file: said plainly, rather than a console serving 500s.
      if (error instanceof Error && (error.name === 'SandboxPortInUseError' || error.name === 'SandboxDataFileError')) {
        fail(`The bundled Attestr sandbox could not start. ${error.message}`);
      }
      throw error;
    }
    // A newcomer's first search finds the demo profiles.
    await indexSandboxDemoProfiles();
    getLogger().warn(
      { event: 'console.sandbox_mode' },
      'ATTESTR_BASE_URL is not set: using the bundled Attestr sandbox',
    );
  }
  // After the sandbox: a job left mid-way by a crash is settled by reading profiles at once.
  startJobs({ kinds: consoleJobKinds() });
}
