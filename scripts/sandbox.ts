// `npm run sandbox`: the Attestr-compatible sandbox on its own (SANDBOX_PORT, default 4010).
import { getSandboxCliSettings } from '@/lib/env';
import { runSandboxCli } from '@/sandbox/cli';
import { SandboxPortInUseError } from '@/sandbox/server';

try {
  await runSandboxCli(getSandboxCliSettings());
} catch (error) {
  if (!(error instanceof SandboxPortInUseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
