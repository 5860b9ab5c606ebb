import { z } from 'zod';

import { describeAttestrCode } from '@/lib/errors/codes';

/** A limit of `null` means unlimited. */
export interface SandboxLimitPair {
  account: number | null;
  api: number | null;
}

export interface SandboxConfig {
  /** Delay before every Attestr answer, in milliseconds. */
  latencyMs: number;
  /** Over the account limit (all calls) → 429/4291; over one endpoint kind's limit → 429/4292. */
  rateLimitPerSecond: SandboxLimitPair;
  /** Per UTC day of `now()`: 429/4293 for the account, 429/4294 for one endpoint kind. */
  dailyLimit: SandboxLimitPair;
  /** Remaining balance, spent by each successful create or update; `null` = unlimited. */
  credits: number | null;
  /** Remote addresses allowed to call; `null` = any. */
  allowedIps: string[] | null;
  provisioned: boolean;
  versions: string[];
  /**
   * What an update does with an optional field left out of its body, which Attestr's docs do
   * not say: 'clear' it (the default) or 'keep' the value held. The console must not rely on
   * either; it reads the profile back and says what Attestr holds.
   */
  leftOutFields: 'clear' | 'keep';
}

export interface SandboxFault {
  kind: 'error5001' | 'drop' | 'html502' | 'empty200' | 'nonJson200' | 'hang' | 'unknownCode' | 'error';
  /** How many matching requests get the fault; default 1. */
  times?: number;
  method?: 'GET' | 'PUT' | 'POST';
  pathIncludes?: string;
  /** For kind 'error': any documented Attestr code, answered with its documented status and message. */
  code?: number;
  /**
   * For kinds 'error' and 'unknownCode': the words Attestr answers with instead of the
   * documented ones, as a real answer may word it (long, or with markup in it).
   */
  message?: string;
  /**
   * For an update: apply it first, then answer with the fault, as when an answer is lost on
   * its way back (a 'hang' or 'drop' that Attestr did act on).
   */
  afterApplying?: boolean;
}

export function defaultSandboxConfig(): SandboxConfig {
  return {
    latencyMs: 0,
    rateLimitPerSecond: { account: null, api: null },
    dailyLimit: { account: null, api: null },
    credits: null,
    allowedIps: null,
    provisioned: true,
    versions: ['v1'],
    leftOutFields: 'clear',
  };
}

const limit = z.number().int().min(0).nullable();
const limitPairPatch = z.strictObject({ account: limit, api: limit }).partial();

/**
 * A config patch as the control API accepts it. Nested limit pairs may be partial too, so
 * `{"rateLimitPerSecond": {"account": 5}}` leaves the per-API limit as it was.
 */
export const sandboxConfigPatchSchema = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(60_000),
    rateLimitPerSecond: limitPairPatch,
    dailyLimit: limitPairPatch,
    credits: z.number().int().min(0).nullable(),
    allowedIps: z.array(z.string().min(1)).nullable(),
    provisioned: z.boolean(),
    versions: z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/)).min(1),
    leftOutFields: z.enum(['clear', 'keep']),
  })
  .partial();

export type SandboxConfigPatch = z.infer<typeof sandboxConfigPatchSchema>;

export const sandboxFaultSchema = z
  .strictObject({
    kind: z.enum(['error5001', 'drop', 'html502', 'empty200', 'nonJson200', 'hang', 'unknownCode', 'error']),
    times: z.number().int().min(1).max(10_000).optional(),
    method: z.enum(['GET', 'PUT', 'POST']).optional(),
    pathIncludes: z.string().min(1).optional(),
    code: z.number().int().optional(),
    message: z.string().max(2_000).optional(),
    afterApplying: z.boolean().optional(),
  })
  .refine(
    (fault) => fault.kind !== 'error' || (fault.code !== undefined && describeAttestrCode(fault.code) !== undefined),
    {
      message: 'kind "error" needs a code documented in the Attestr error table',
      path: ['code'],
    },
  )
  .refine((fault) => fault.message === undefined || fault.kind === 'error' || fault.kind === 'unknownCode', {
    message: 'only kinds "error" and "unknownCode" answer with a message',
    path: ['message'],
  });

// Patches arrive from code as `Partial<SandboxConfig>`, where an explicit `undefined` may sneak
// in, so every field checks `undefined` (not falsiness: `null` and 0 are meaningful values).
function mergeLimits(base: SandboxLimitPair, patch: SandboxConfigPatch['dailyLimit']): SandboxLimitPair {
  return {
    account: patch?.account === undefined ? base.account : patch.account,
    api: patch?.api === undefined ? base.api : patch.api,
  };
}

/** A new config: `base` with the defined fields of `patch` applied; shares no arrays with either. */
export function mergeSandboxConfig(base: SandboxConfig, patch: SandboxConfigPatch): SandboxConfig {
  const allowedIps = patch.allowedIps === undefined ? base.allowedIps : patch.allowedIps;
  return {
    latencyMs: patch.latencyMs ?? base.latencyMs,
    rateLimitPerSecond: mergeLimits(base.rateLimitPerSecond, patch.rateLimitPerSecond),
    dailyLimit: mergeLimits(base.dailyLimit, patch.dailyLimit),
    credits: patch.credits === undefined ? base.credits : patch.credits,
    allowedIps: allowedIps === null ? null : [...allowedIps],
    provisioned: patch.provisioned ?? base.provisioned,
    versions: [...(patch.versions ?? base.versions)],
    leftOutFields: patch.leftOutFields ?? base.leftOutFields,
  };
}
