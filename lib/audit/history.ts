import 'server-only';

import {
  findAttempt,
  findAttemptReview,
  listProfileAttempts,
  listRetriesOf,
  type AttemptRecord,
  type AttemptReview,
} from '@/lib/db/update-attempts';
import { listUserNames, type UserName } from '@/lib/db/users';
import type { ProfileField } from '@/lib/shared/profile-fields';
import { formValuesFrom } from '@/lib/audit/open-in-form';
import { attemptScope, mayViewAttempt, type AttemptViewer } from '@/lib/audit/scope';
import { isOpenAttempt } from '@/lib/audit/open-attempt';
import { resolveNoteRefs, type NoteRef } from '@/lib/audit/note-refs';

export type { AttemptRecord, UserName };

export interface AttemptDetail {
  attempt: AttemptRecord;
  review: AttemptReview | undefined;
  open: boolean;
  /** The attempts that sent this one again, oldest first. */
  retries: AttemptRecord[];
  /** The profile's other attempts the viewer may see, newest first. */
  others: AttemptRecord[];
  /** Everyone named: the actor, whoever checked or resolved it, the other attempts' actors. */
  people: Map<string, UserName>;
  /** The later update that resolved it (its retry that saved, or the save that completed it), when the viewer may see it. */
  fixedBy: AttemptRecord | undefined;
  /** What the ids its note names stand for, to show names and links instead. */
  noteRefs: Record<string, NoteRef>;
}

/**
 * One update as its page shows it, or undefined when there is none the viewer may see
 * (`attemptScope`: support sees its own only).
 */
export async function getAttemptDetail(input: {
  viewer: AttemptViewer;
  attemptId: string;
}): Promise<AttemptDetail | undefined> {
  const scope = attemptScope(input.viewer);
  if (!scope) return undefined;
  const attempt = await findAttempt({ id: input.attemptId });
  if (!attempt || !mayViewAttempt(input.viewer, attempt)) return undefined;
  const [review, allRetries, profileAttempts] = await Promise.all([
    findAttemptReview({ attemptId: attempt.id }),
    listRetriesOf({ attemptId: attempt.id }),
    listProfileAttempts({ profileId: attempt.profileId, ...scope, limit: 20 }),
  ]);
  const retries = allRetries.filter((record) => mayViewAttempt(input.viewer, record));
  const others = profileAttempts.filter((record) => record.id !== attempt.id);
  const resolvedBy = review?.resolvedByAttempt ? await findAttempt({ id: review.resolvedByAttempt }) : undefined;
  const fixedBy = resolvedBy && mayViewAttempt(input.viewer, resolvedBy) ? resolvedBy : undefined;
  const noteRefs = await resolveNoteRefs({
    note: review?.note,
    viewer: input.viewer,
    nameOf: async (record) => (await listUserNames({ ids: [record.actorId] })).get(record.actorId)?.name ?? null,
  });
  const people = await listUserNames({
    ids: [
      attempt.actorId,
      ...(review?.checkedBy ? [review.checkedBy] : []),
      ...(review?.resolvedBy ? [review.resolvedBy] : []),
      ...(fixedBy ? [fixedBy.actorId] : []),
      ...retries.map((record) => record.actorId),
      ...others.map((record) => record.actorId),
    ],
  });
  return { attempt, review, open: isOpenAttempt(attempt, review), retries, others, people, fixedBy, noteRefs };
}

/** An update's values, to fill into the profile's form as unsaved changes ("Open in form"). */
export interface FormPrefill {
  attemptId: string;
  createdAt: number;
  values: Partial<Record<ProfileField, string>>;
}

/**
 * The values of an update of this profile the viewer may see, limited to the fields they may
 * change; undefined when there is none, or nothing of it they could save.
 */
export async function getFormPrefill(input: {
  viewer: AttemptViewer;
  profileId: string;
  attemptId: string;
}): Promise<FormPrefill | undefined> {
  const detail = await getAttemptDetail({ viewer: input.viewer, attemptId: input.attemptId });
  if (!detail || detail.attempt.profileId !== input.profileId) return undefined;
  const values = formValuesFrom({ attempt: detail.attempt, role: input.viewer.role });
  if (Object.keys(values).length === 0) return undefined;
  return { attemptId: detail.attempt.id, createdAt: detail.attempt.createdAt, values };
}

/**
 * A profile's latest updates the viewer may see (`attemptScope`: support its own only), newest
 * first, with the people who made them; `more` when older ones exist; `ownOnly` when the viewer
 * sees their own only; `openable`, the ids of those whose own page the viewer may open.
 */
export async function getProfileHistory(input: { viewer: AttemptViewer; profileId: string; limit: number }): Promise<{
  attempts: AttemptRecord[];
  people: Map<string, UserName>;
  more: boolean;
  ownOnly: boolean;
  openable: Set<string>;
  /** What a check at Attestr found for an update whose outcome was unknown, by attempt id. */
  checked: Map<string, NonNullable<AttemptReview['settledOutcome']>>;
}> {
  const scope = attemptScope(input.viewer);
  if (!scope) {
    return { attempts: [], people: new Map(), more: false, ownOnly: false, openable: new Set(), checked: new Map() };
  }
  const found = await listProfileAttempts({ profileId: input.profileId, ...scope, limit: input.limit + 1 });
  const attempts = found.slice(0, input.limit);
  const unknown = attempts.filter((attempt) => attempt.outcome === 'unknown');
  const [people, reviews] = await Promise.all([
    listUserNames({ ids: attempts.map((attempt) => attempt.actorId) }),
    Promise.all(
      unknown.map(async (attempt) => [attempt.id, await findAttemptReview({ attemptId: attempt.id })] as const),
    ),
  ]);
  const checked = new Map(
    reviews.flatMap(([id, review]) => (review?.settledOutcome ? [[id, review.settledOutcome] as const] : [])),
  );
  const openable = new Set(
    attempts.filter((attempt) => mayViewAttempt(input.viewer, attempt)).map((attempt) => attempt.id),
  );
  return {
    attempts,
    people,
    more: found.length > input.limit,
    ownOnly: scope.actorId !== undefined,
    openable,
    checked,
  };
}
