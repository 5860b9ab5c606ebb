import { randomBytes, randomInt } from 'node:crypto';

/** A profile as Get Profile returns it. */
export interface SandboxProfile {
  _id: string;
  tag: string;
  number: string;
  name: string;
  /** `null` when the profile has none: Update replaces basic info, so omitting it clears it. */
  email: string | null;
  mobile: string | null;
  /** Undocumented shape; treat entries as opaque. Emptied when the profile is archived. */
  items: unknown[];
  queries: unknown[];
  /** Unix milliseconds, as in the docs' samples. */
  created: number;
  updated: number;
  /** A member id when done from Attestr's own dashboard, else null. */
  createdBy: string | null;
  updatedBy: string | null;
  createdByOrg: string;
  /** The app id when created through the API. */
  client: string | null;
  /**
   * Not in Attestr's docs, which show no archived flag at all. The sandbox adds it because
   * the console must know; the console treats a missing field as not archived.
   */
  archived: boolean;
}

/**
 * The sandbox's profiles on disk (a JSON file in the console's DATA_DIR), so that a restart
 * keeps what was saved and the console's History never disagrees with the sandbox.
 */
export interface ProfileFile {
  /** The profiles the file holds, or null when there is no file yet. */
  read(): SandboxProfile[] | null;
  /** Replaces the file's content at once: written beside it, then renamed over it. */
  write(profiles: readonly SandboxProfile[]): void;
}

/** The editable basic info, as Create and Update take it. */
export interface ProfileInput {
  tag: string;
  name: string;
  email: string | null;
  mobile: string | null;
}

/** The account and app every profile created through the sandbox's API belongs to. */
export const SANDBOX_ORG_ID = 'ORg7Kq2VbXw9TnLp3d';
export const SANDBOX_APP_ID = 'APz4Rm8HcJ1sWe6yQu';

const PROFILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function newProfileId(): string {
  return randomBytes(14).toString('base64url').slice(0, 18);
}

function digits(count: number): string {
  return String(randomInt(0, 10 ** count)).padStart(count, '0');
}

/** Attestr's human-readable reference, like `3801-575765-9695`. */
function newProfileNumber(): string {
  return `${digits(4)}-${digits(6)}-${digits(4)}`;
}

/**
 * The profiles of one sandbox; nothing is shared between sandboxes or with the seed. In memory,
 * and also in `file` when given: it is read at start (the seed only when there is no file yet)
 * and written after every change.
 */
export class ProfileStore {
  private profiles = new Map<string, SandboxProfile>();
  private numbers = new Set<string>();

  constructor(
    seed: readonly SandboxProfile[],
    private readonly file?: ProfileFile,
  ) {
    const saved = file?.read() ?? null;
    if (saved) this.replace(saved);
    else this.load(seed);
  }

  /** Replaces every profile with `seed` (and the file's content with them). */
  load(seed: readonly SandboxProfile[]): void {
    this.replace(seed);
    this.save();
  }

  private replace(profiles: readonly SandboxProfile[]): void {
    this.profiles = new Map(profiles.map((profile) => [profile._id, structuredClone(profile)]));
    this.numbers = new Set(profiles.map((profile) => profile.number));
  }

  private save(): void {
    this.file?.write([...this.profiles.values()]);
  }

  /** The profile, or undefined for an unknown or malformed id (both are 40018 to Attestr). */
  get(profileId: string): Readonly<SandboxProfile> | undefined {
    return PROFILE_ID_PATTERN.test(profileId) ? this.profiles.get(profileId) : undefined;
  }

  create(input: ProfileInput, now: number): Readonly<SandboxProfile> {
    let _id = newProfileId();
    while (this.profiles.has(_id)) _id = newProfileId();
    let number = newProfileNumber();
    while (this.numbers.has(number)) number = newProfileNumber();

    const profile: SandboxProfile = {
      _id,
      tag: input.tag,
      number,
      name: input.name,
      email: input.email,
      mobile: input.mobile,
      items: [],
      queries: [],
      created: now,
      updated: now,
      createdBy: null,
      updatedBy: null,
      createdByOrg: SANDBOX_ORG_ID,
      client: SANDBOX_APP_ID,
      archived: false,
    };
    this.profiles.set(_id, profile);
    this.numbers.add(number);
    this.save();
    return profile;
  }

  /** Replaces the basic info of an existing, unarchived profile; callers check both first. */
  /** Replaces the basic info; `keepLeftOut` keeps an optional field the body left out. */
  update(profileId: string, input: ProfileInput, now: number, keepLeftOut = false): void {
    const profile = this.require(profileId);
    profile.tag = input.tag;
    profile.name = input.name;
    if (input.email !== null || !keepLeftOut) profile.email = input.email;
    if (input.mobile !== null || !keepLeftOut) profile.mobile = input.mobile;
    profile.updated = now;
    this.save();
  }

  /** Archiving purges the verification items; the basic info stays readable. */
  archive(profileId: string, now: number): void {
    const profile = this.require(profileId);
    profile.archived = true;
    profile.items = [];
    profile.updated = now;
    this.save();
  }

  private require(profileId: string): SandboxProfile {
    const profile = this.profiles.get(profileId);
    if (!profile) throw new Error(`Sandbox store has no profile ${profileId}`);
    return profile;
  }
}
