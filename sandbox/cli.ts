import { startSandbox, type RunningSandbox } from './server';

/**
 * Runs the sandbox until SIGINT or SIGTERM. Settings come in as arguments: lib/env.ts is the
 * only place that reads the environment.
 */
export async function runSandboxCli(settings: { port: number; host: string; token: string }): Promise<RunningSandbox> {
  const sandbox = await startSandbox(settings);
  // The token is a sandbox demo value, so printing it is fine and saves a lookup.
  process.stdout.write(`Attestr sandbox listening on ${sandbox.url} (Authorization: Basic ${sandbox.token})\n`);

  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    sandbox.close().catch((error: unknown) => {
      process.stderr.write(
        `Attestr sandbox did not close cleanly: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return sandbox;
}
