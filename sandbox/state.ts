import { timingSafeEqual } from 'node:crypto';

import { mergeSandboxConfig, type SandboxConfig } from './config';
import { FaultQueue } from './faults';
import { UsageCounters } from './limits';
import { ProfileStore, type ProfileFile, type SandboxProfile } from './store';

/** Everything one running sandbox knows; each `startSandbox` owns its own. */
export interface SandboxState {
  config: SandboxConfig;
  readonly store: ProfileStore;
  readonly faults: FaultQueue;
  readonly usage: UsageCounters;
  readonly now: () => number;
  /** What reset() returns to: the config and profiles the sandbox started with. */
  readonly initialConfig: SandboxConfig;
  readonly initialProfiles: readonly SandboxProfile[];
  /** The exact Authorization header accepted, kept as bytes for a constant-time compare. */
  readonly expectedAuthorization: Buffer;
}

export function createSandboxState(options: {
  config: SandboxConfig;
  profiles: readonly SandboxProfile[];
  now: () => number;
  token: string;
  /** Where the profiles are kept between starts; in memory only without it. */
  file?: ProfileFile;
}): SandboxState {
  return {
    config: mergeSandboxConfig(options.config, {}),
    store: new ProfileStore(options.profiles, options.file),
    faults: new FaultQueue(),
    usage: new UsageCounters(),
    now: options.now,
    initialConfig: options.config,
    initialProfiles: options.profiles,
    expectedAuthorization: Buffer.from(`Basic ${options.token}`),
  };
}

export function resetSandboxState(state: SandboxState): void {
  state.config = mergeSandboxConfig(state.initialConfig, {});
  state.store.load(state.initialProfiles);
  state.faults.clear();
  state.usage.clear();
}

/** Attestr takes the token as is after `Basic ` (it is not base64 of user:password). */
export function isAuthorised(state: SandboxState, header: string | undefined): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header);
  return given.length === state.expectedAuthorization.length && timingSafeEqual(given, state.expectedAuthorization);
}

function normaliseIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

export function isIpAllowed(state: SandboxState, remoteAddress: string | undefined): boolean {
  const allowed = state.config.allowedIps;
  if (allowed === null) return true;
  if (remoteAddress === undefined) return false;
  const address = normaliseIp(remoteAddress);
  return allowed.some((entry) => normaliseIp(entry) === address);
}
