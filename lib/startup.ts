import 'server-only';

import { ensureEmbeddedSandbox } from '@/lib/attestr/instance';
import { getEnv, InvalidEnvError, isSandboxMode } from '@/lib/env';
import { getLogger } from '@/lib/log';

/** Fails the start with a readable message on bad configuration, rather than on first use. */
export async function startConsole(): Promise<void> {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      process.stderr.write(
        `\nAttestr Profile Console cannot start.\n${error.message}\nSee README.md, "Configuration".\n\n`,
      );
      process.exit(1);
    }
    throw error;
  }
  if (isSandboxMode()) {
    await ensureEmbeddedSandbox();
    getLogger().warn(
      { event: 'console.sandbox_mode' },
      'ATTESTR_BASE_URL is not set: using the bundled Attestr sandbox',
    );
  }
}
