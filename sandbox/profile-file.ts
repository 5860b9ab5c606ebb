import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { ProfileFile, SandboxProfile } from './store';

export class SandboxDataFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `The sandbox's data file ${file} cannot be read (${detail}). Remove it to start again from the demo profiles.`,
    );
    this.name = 'SandboxDataFileError';
  }
}

function isProfileList(value: unknown): value is SandboxProfile[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as SandboxProfile)._id === 'string' &&
        typeof (entry as SandboxProfile).number === 'string',
    )
  );
}

export function profileFile(file: string): ProfileFile {
  return {
    read() {
      if (!existsSync(file)) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new SandboxDataFileError(file, error instanceof Error ? error.message : String(error));
      }
      const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
      if (!isProfileList(profiles)) throw new SandboxDataFileError(file, 'it holds no list of profiles');
      return profiles;
    },
    write(profiles) {
      // Synchronous, before the answer goes out: a 200 the console records is on disk.
      const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
      writeFileSync(temporary, JSON.stringify({ profiles }), { mode: 0o600 });
      renameSync(temporary, file);
    },
  };
}
