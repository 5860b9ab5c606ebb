export { SandboxPortInUseError, startSandbox, type RunningSandbox, type SandboxOptions } from './server';
export { SandboxDataFileError } from './profile-file';
export type { SandboxConfig, SandboxFault, SandboxLimitPair } from './config';
export type { SandboxProfile } from './store';
export { SANDBOX_PROFILE_IDS, sandboxSeedProfiles } from './seed';
