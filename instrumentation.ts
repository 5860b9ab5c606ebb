/** Runs once when the server starts: validates configuration and starts the bundled sandbox. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startConsole } = await import('@/lib/startup');
  await startConsole();
}
