import { afterEach, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function wrappedWith(setting: string | undefined) {
  vi.stubEnv('CONSOLE_BENCH_ROUTES', setting);
  vi.stubEnv('LOG_LEVEL', 'silent');
  const { benchOnly } = await import('@/app/api/bench/bench-only');
  const inner = vi.fn(async () => Response.json({ ok: true }));
  return { inner, handler: benchOnly(inner) };
}

it('answers 404 without running the route while CONSOLE_BENCH_ROUTES is unset', async () => {
  const { inner, handler } = await wrappedWith(undefined);
  const response = await handler();
  expect(response.status).toBe(404);
  expect(await response.json()).toMatchObject({ error: { source: 'console', code: 'NOT_FOUND' } });
  expect(inner).not.toHaveBeenCalled();
});

it('runs the route when CONSOLE_BENCH_ROUTES=1', async () => {
  const { inner, handler } = await wrappedWith('1');
  const response = await handler();
  expect(response.status).toBe(200);
  expect(inner).toHaveBeenCalledOnce();
});
