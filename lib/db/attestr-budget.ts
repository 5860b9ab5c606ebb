import 'server-only';

import { RateLimiterPostgres, RateLimiterSQLite, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';

import type { DatabaseHandle } from '@/lib/db/connection';

/** The table of the shared Attestr budget's counters, created by migration 006. */
const TABLE = 'attestr_budget';

export type BudgetCounter = RateLimiterStoreAbstract;

/**
 * One counter of the shared Attestr budget, kept in the console's database through
 * rate-limiter-flexible, so every instance using that database counts the same calls. Its
 * SQL is the library's own; the table comes from the console's migrations (`tableCreated`),
 * since the library creating it at start races with migrations and other instances.
 */
export function openBudgetCounter(input: {
  handle: DatabaseHandle;
  /** Keeps this counter's keys apart from the others' in the one table. */
  keyPrefix: string;
  points: number;
  /** Seconds a key lives after its first call, unless told otherwise per call. */
  duration: number;
  /** One counter per handle sweeps keys expired over an hour ago, every five minutes. */
  clearsExpired?: boolean;
}): BudgetCounter {
  const common = {
    keyPrefix: input.keyPrefix,
    points: input.points,
    duration: input.duration,
    tableName: TABLE,
    tableCreated: true,
    clearExpiredByTimeout: input.clearsExpired ?? false,
  };
  if (input.handle.engine === 'postgres') {
    return new RateLimiterPostgres({ ...common, storeClient: input.handle.pool, storeType: 'pool' });
  }
  return new RateLimiterSQLite({ ...common, storeClient: input.handle.sqlite, storeType: 'better-sqlite3' });
}
