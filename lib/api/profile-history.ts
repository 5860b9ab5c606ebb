import 'server-only';

import { attemptError } from '@/lib/api/attempt-error';
import { getProfileHistory, type AttemptRecord, type UserName } from '@/lib/audit/history';
import type { AttemptViewer } from '@/lib/audit/scope';
import { attestrSaid } from '@/lib/errors/attestr-said';
import type { HistoryEntry, ProfileHistoryResponse } from '@/lib/shared/api-types';
import { isRole, ROLE_LABELS } from '@/lib/shared/permissions';

/** How many of a profile's updates its History lists; the rest are on the updates page. */
export const HISTORY_LIMIT = 10;

function historyEntry(input: {
  attempt: AttemptRecord;
  people: Map<string, UserName>;
  openable: Set<string>;
  checked: Map<string, 'succeeded' | 'failed' | 'conflict'>;
}): HistoryEntry {
  const { attempt, people, openable } = input;
  const checked = input.checked.get(attempt.id);
  const person = people.get(attempt.actorId);
  const role = isRole(attempt.actorRole) ? ROLE_LABELS[attempt.actorRole] : null;
  const error = attemptError(attempt);
  const problem = error?.summary;
  const said = error ? attestrSaid(error) : null;
  return {
    id: attempt.id,
    at: attempt.createdAt,
    who: `${person?.name ?? 'A former user'}${role ? ` (${role})` : ''}`,
    outcome: attempt.outcome,
    retry: attempt.source === 'retry',
    changes: attempt.changedFields.map((field) => ({
      field,
      from: attempt.before?.[field] ?? attempt.base[field] ?? '',
      to: attempt.requested[field] ?? attempt.sent?.[field] ?? '',
    })),
    reason: attempt.reason,
    ...(problem ? { problem } : {}),
    ...(said ? { said } : {}),
    ...(openable.has(attempt.id) ? { href: `/updates/${attempt.id}` } : {}),
    ...(checked ? { checked } : {}),
  };
}

/** A profile's History as the page shows it and its route answers it, for this viewer. */
export async function profileHistoryView(input: {
  viewer: AttemptViewer;
  profileId: string;
}): Promise<ProfileHistoryResponse> {
  const history = await getProfileHistory({ ...input, limit: HISTORY_LIMIT });
  return {
    entries: history.attempts.map((attempt) =>
      historyEntry({ attempt, people: history.people, openable: history.openable, checked: history.checked }),
    ),
    ...(history.more ? { moreHref: `/updates?q=${encodeURIComponent(input.profileId)}` } : {}),
    ownOnly: history.ownOnly,
  };
}
