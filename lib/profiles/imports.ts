import 'server-only';

import {
  countImportItems,
  findProfileImport,
  insertProfileImport,
  listImportItems,
  listProfileImportRecords,
  type ProfileImportItemRecord,
  type ProfileImportRecord,
} from '@/lib/db/profile-imports';
import { timeOrderedId } from '@/lib/db/time-ordered-id';
import { listUserNames } from '@/lib/db/users';
import { DomainError } from '@/lib/errors/domain-error';
import { wakeJobs } from '@/lib/jobs/wake';
import { getLogger } from '@/lib/log';
import { can } from '@/lib/shared/permissions';
import { isProfileId } from '@/lib/shared/profile-id';
import {
  IMPORT_MAX_IDS,
  type ProfileImportItemView,
  type ProfileImportProgress,
  type ProfileImportView,
} from '@/lib/shared/profile-import';

/**
 * A directory import: an administrator's list of profile IDs, each read from Attestr in the
 * background (lib/profiles/import-jobs.ts) and noted in the profile index, so that Find a
 * profile finds the company's people before anyone has opened them. Imports are read one after
 * another, oldest first.
 */

export const PROFILE_IMPORT_JOB_KIND = 'profile-imports';

/** The first IDs not found, and failed, that an import's page lists. */
const LISTED_ITEMS = 200;

interface Viewer {
  userId: string;
  role: string;
}

function mayImport(viewer: Viewer): void {
  if (!can(viewer.role, 'profiles:import')) throw new DomainError('forbidden', 'FORBIDDEN');
}

/** Starts an import of these profile IDs (each once, in the order given). */
export async function createProfileImport(input: {
  actor: Viewer;
  fileName: string;
  profileIds: readonly string[];
}): Promise<ProfileImportView> {
  mayImport(input.actor);
  const ids = [...new Set(input.profileIds.map((id) => id.trim()))];
  const invalid = ids.filter((id) => !isProfileId(id));
  if (invalid.length > 0 || ids.length === 0 || ids.length > IMPORT_MAX_IDS) {
    throw new DomainError('refused', 'VALIDATION_FAILED', {
      details:
        ids.length === 0
          ? 'The file has no profile ID to read.'
          : ids.length > IMPORT_MAX_IDS
            ? `One import may have at most ${IMPORT_MAX_IDS.toLocaleString('en')} profile IDs.`
            : `${invalid.length} of the profile IDs cannot be read as one.`,
    });
  }
  const id = timeOrderedId();
  const at = Date.now();
  await insertProfileImport({ id, createdBy: input.actor.userId, fileName: input.fileName, profileIds: ids, at });
  getLogger().info({ event: 'profile_import.created', importId: id, total: ids.length }, 'profile import created');
  wakeJobs(PROFILE_IMPORT_JOB_KIND);
  return getProfileImport({ viewer: input.actor, importId: id });
}

async function toView(records: readonly ProfileImportRecord[]): Promise<ProfileImportView[]> {
  const names = await listUserNames({ ids: records.map((record) => record.created_by) });
  return Promise.all(
    records.map(async (record) => {
      const counts = await countImportItems({ importId: record.id });
      return {
        id: record.id,
        fileName: record.file_name,
        createdBy: names.get(record.created_by)?.name ?? null,
        createdAt: Number(record.created_at),
        finishedAt: record.finished_at === null ? null : Number(record.finished_at),
        total: record.total,
        read: counts.found + counts.not_found + counts.failed,
        found: counts.found,
        notFound: counts.not_found,
        failed: counts.failed,
        message: record.message,
      };
    }),
  );
}

export async function getProfileImport(input: { viewer: Viewer; importId: string }): Promise<ProfileImportView> {
  mayImport(input.viewer);
  const record = await findProfileImport({ id: input.importId });
  if (!record) throw new DomainError('not_found', 'PROFILE_IMPORT_NOT_FOUND');
  const [view] = await toView([record]);
  return view as ProfileImportView;
}

/** The most recent imports, newest first. */
export async function listProfileImports(input: { viewer: Viewer; limit?: number }): Promise<ProfileImportView[]> {
  mayImport(input.viewer);
  return toView(await listProfileImportRecords({ limit: input.limit ?? 10 }));
}

const itemView = (item: ProfileImportItemRecord): ProfileImportItemView => ({
  position: item.position,
  profileId: item.profile_id,
  code: item.result_code,
  message: item.result_message,
});

/** An import with the first of its IDs not found and failed: what its page shows. */
export async function getProfileImportProgress(input: {
  viewer: Viewer;
  importId: string;
}): Promise<ProfileImportProgress> {
  const view = await getProfileImport(input);
  const [notFound, failed] = await Promise.all(
    (['not_found', 'failed'] as const).map((state) =>
      listImportItems({ importId: input.importId, state, limit: LISTED_ITEMS }),
    ),
  );
  return { import: view, notFound: (notFound ?? []).map(itemView), failed: (failed ?? []).map(itemView) };
}

/** Every profile ID of an import Attestr does not know, in the file's order: the download. */
export async function unknownImportIds(input: {
  viewer: Viewer;
  importId: string;
}): Promise<{ fileName: string; ids: AsyncGenerator<string> }> {
  const view = await getProfileImport(input);
  async function* ids(): AsyncGenerator<string> {
    for (let after = 0; ;) {
      const items = await listImportItems({ importId: input.importId, state: 'not_found', after, limit: 1000 });
      for (const item of items) yield item.profile_id;
      if (items.length < 1000) return;
      after = (items.at(-1) as ProfileImportItemRecord).position;
    }
  }
  return { fileName: view.fileName, ids: ids() };
}
