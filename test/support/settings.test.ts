import { describe, expect, it, vi } from 'vitest';

describe('getFuzzSettings', () => {
  it('reads FUZZ_RUNS and FUZZ_SEED, with a default size and a fresh seed when unset', async () => {
    const { getFuzzSettings } = await import('@/test/support/settings');
    vi.stubEnv('FUZZ_RUNS', '25');
    vi.stubEnv('FUZZ_SEED', '42');
    expect(getFuzzSettings()).toEqual({ runs: 25, seed: 42 });
    vi.stubEnv('FUZZ_RUNS', '');
    vi.stubEnv('FUZZ_SEED', undefined);
    const defaults = getFuzzSettings();
    expect(defaults.runs).toBe(3000);
    expect(Number.isInteger(defaults.seed)).toBe(true);
    vi.stubEnv('FUZZ_RUNS', 'many');
    expect(() => getFuzzSettings()).toThrow();
    vi.unstubAllEnvs();
  });
});
