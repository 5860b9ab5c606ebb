import type { SandboxConfig } from './config';

/** The endpoint kinds that per-API limits count separately. */
export type ApiKind = 'create' | 'get' | 'update' | 'archive';

export type LimitCode = 4291 | 4292 | 4293 | 4294;

interface Tally {
  window: number;
  account: number;
  byApi: Record<ApiKind, number>;
}

function emptyTally(window: number): Tally {
  return { window, account: 0, byApi: { create: 0, get: 0, update: 0, archive: 0 } };
}

const DAY_MS = 86_400_000;

function over(used: number, limit: number | null): boolean {
  return limit !== null && used >= limit;
}

/**
 * Fixed-window usage counters: per second and per UTC day of the sandbox clock. Only admitted
 * calls count, so a limit of N lets exactly N calls through per window, however many are refused.
 */
export class UsageCounters {
  private second = emptyTally(Number.NaN);
  private day = emptyTally(Number.NaN);
  /** Since start or the last reset: calls let through, and calls refused by each limit. */
  private admitted = 0;
  private refused: Record<LimitCode, number> = { 4291: 0, 4292: 0, 4293: 0, 4294: 0 };

  /** The limit a call would break, checked in the documented order; otherwise counts the call. */
  admit(
    kind: ApiKind,
    nowMs: number,
    config: Pick<SandboxConfig, 'rateLimitPerSecond' | 'dailyLimit'>,
  ): LimitCode | null {
    const secondWindow = Math.floor(nowMs / 1000);
    const dayWindow = Math.floor(nowMs / DAY_MS);
    if (this.second.window !== secondWindow) this.second = emptyTally(secondWindow);
    if (this.day.window !== dayWindow) this.day = emptyTally(dayWindow);

    const refusal = this.limitBroken(kind, config);
    if (refusal !== null) {
      this.refused[refusal] += 1;
      return refusal;
    }

    this.admitted += 1;
    this.second.account += 1;
    this.second.byApi[kind] += 1;
    this.day.account += 1;
    this.day.byApi[kind] += 1;
    return null;
  }

  private limitBroken(
    kind: ApiKind,
    config: Pick<SandboxConfig, 'rateLimitPerSecond' | 'dailyLimit'>,
  ): LimitCode | null {
    if (over(this.second.account, config.rateLimitPerSecond.account)) return 4291;
    if (over(this.second.byApi[kind], config.rateLimitPerSecond.api)) return 4292;
    if (over(this.day.account, config.dailyLimit.account)) return 4293;
    if (over(this.day.byApi[kind], config.dailyLimit.api)) return 4294;
    return null;
  }

  /** What a test reads to prove a client kept within the limits. */
  totals(): { admitted: number; refused: Record<LimitCode, number> } {
    return { admitted: this.admitted, refused: { ...this.refused } };
  }

  clear(): void {
    this.second = emptyTally(Number.NaN);
    this.day = emptyTally(Number.NaN);
    this.admitted = 0;
    this.refused = { 4291: 0, 4292: 0, 4293: 0, 4294: 0 };
  }
}
