import 'server-only';

import { findAttempt, type AttemptRecord } from '@/lib/db/update-attempts';
import { findIndexedProfile } from '@/lib/db/profile-index';
import type { NoteRef } from '@/lib/shared/note-refs';
import { mayViewAttempt, type AttemptViewer } from '@/lib/audit/scope';

export type { NoteRef };

/**
 * What may stand for an id in a note: a run of 16 to 64 letters, digits, dashes and
 * underscores (an attempt's id or Attestr's profile id), an attempt's id with its dotted try.
 */
const ID_LIKE = /[A-Za-z0-9_-]{16,64}(?:\.[0-9]{1,9}){0,2}/g;

/** The ids a note names, each at most once, in the order they come. */
export function idsInNote(note: string): string[] {
  return [...new Set(note.match(ID_LIKE) ?? [])];
}

/**
 * What each id in a note stands for, so that the page shows a name or a link instead: an
 * update the viewer may see (its page, who made it and when), an update they may not (named
 * only as an update), or a profile the console has seen (by name where known). Ids that are
 * neither are left out, and the note shows them as written.
 */
export async function resolveNoteRefs(input: {
  note: string | null | undefined;
  viewer: AttemptViewer;
  nameOf: (attempt: AttemptRecord) => Promise<string | null>;
}): Promise<Record<string, NoteRef>> {
  if (!input.note) return {};
  const refs: Record<string, NoteRef> = {};
  for (const id of idsInNote(input.note).slice(0, 10)) {
    const attempt = await findAttempt({ id });
    if (attempt) {
      refs[id] = mayViewAttempt(input.viewer, attempt)
        ? { kind: 'update', href: `/updates/${id}`, who: await input.nameOf(attempt), at: attempt.createdAt }
        : { kind: 'hidden-update' };
      continue;
    }
    const profile = id.includes('.') ? undefined : await findIndexedProfile({ profileId: id });
    if (profile) refs[id] = { kind: 'profile', href: `/profiles/${id}`, name: profile.name ?? profile.tag };
  }
  return refs;
}
