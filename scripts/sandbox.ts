// `npm run sandbox`: the Attestr-compatible sandbox on its own (SANDBOX_PORT, default 4010).
import { getSandboxCliSettings } from '@/lib/env';
import { runSandboxCli } from '@/sandbox/cli';

await runSandboxCli(getSandboxCliSettings());
