import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ComponentProps } from 'react';

import { AccessDenied } from '@/components/access-denied';
import { OtherUpdates } from '@/components/updates/other-updates';
import { UpdateActions } from '@/components/updates/update-actions';
import { UpdateError } from '@/components/updates/update-error';
import { UpdateFieldValues } from '@/components/updates/update-field-values';
import { UpdateFixedBy } from '@/components/updates/update-fixed-by';
import { UpdateSince, type FixingUpdate, type RelatedUpdate } from '@/components/updates/update-since';
import { UpdateSummary } from '@/components/updates/update-summary';
import { attemptError } from '@/lib/api/attempt-error';
import { requirePageUser } from '@/lib/api/page-user';
import type { SessionUser } from '@/lib/auth/session';
import { can, isRole, ROLE_LABELS, updatesScope } from '@/lib/shared/permissions';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { getAttemptDetail, type AttemptDetail, type AttemptRecord, type UserName } from '@/lib/audit/history';
import { formValuesFrom, needsPersonToFix, sendingAgainCannotHelp } from '@/lib/audit/open-in-form';
import { isOverdue } from '@/lib/updates/recover';

type Props = { params: Promise<{ attemptId: string }> };

export const metadata: Metadata = { title: 'Update' };

function personOf(people: Map<string, UserName>, id: string | null, role?: string | null): string {
  if (!id) return 'someone';
  const person = people.get(id);
  const roleName = role ?? person?.role;
  const label = isRole(roleName) ? ROLE_LABELS[roleName] : null;
  return `${person?.name ?? 'A former user'}${label ? ` (${label})` : ''}`;
}

function relatedOf(people: Map<string, UserName>, attempt: AttemptRecord): RelatedUpdate {
  const { id, createdAt, outcome } = attempt;
  return { id, createdAt, outcome, who: personOf(people, attempt.actorId, attempt.actorRole) };
}

/** The later update that resolved this one, named by who made it and when. */
function fixingOf({ fixedBy, people }: AttemptDetail): FixingUpdate | null {
  if (!fixedBy) return null;
  return { href: `/updates/${fixedBy.id}`, who: people.get(fixedBy.actorId)?.name ?? null, at: fixedBy.createdAt };
}

/** What has happened to the update since, with names as a person reads them. */
function sinceOf(detail: AttemptDetail): ComponentProps<typeof UpdateSince> {
  const { review, retries, people } = detail;
  return {
    checked: review?.checkedAt
      ? { at: review.checkedAt, by: personOf(people, review.checkedBy), outcome: review.settledOutcome }
      : null,
    retries: retries.map((retry) => relatedOf(people, retry)),
    resolved: review?.resolvedAt
      ? {
          at: review.resolvedAt,
          by: personOf(people, review.resolvedBy),
          kind: review.resolution ?? 'resolved',
          note: review.note,
          noteRefs: detail.noteRefs,
          fixedBy: fixingOf(detail),
        }
      : null,
  };
}

/** The actions the viewer may take on the update, or null when there are none. */
function actionsOf({ attempt, open }: AttemptDetail, user: SessionUser): ComponentProps<typeof UpdateActions> | null {
  const mayAct = can(user.role, 'update:retry');
  // Still in progress long after any answer could have come: whoever may check it is offered to.
  const overdue = isOverdue(attempt) && (mayAct || attempt.actorId === user.id);
  // Open in form only when there is something the viewer may fill in and save themselves.
  const fixable = needsPersonToFix(attempt) && Object.keys(formValuesFrom({ attempt, role: user.role })).length > 0;
  // Who may retry acts on any failure; whoever may edit the profile may fix their own in the form.
  if (!(mayAct && (attempt.outcome === 'failed' || attempt.outcome === 'unknown')) && !fixable && !overdue) return null;
  return {
    attemptId: attempt.id,
    // Sending again cannot help an archived profile, an id Attestr does not know, refused values.
    canRetry: mayAct && open && !sendingAgainCannotHelp(attempt),
    canCheck: (mayAct && open && attempt.outcome === 'unknown') || overdue,
    canResolve: mayAct && open,
    cannotChange: attempt.errorCode === '40038',
    ...(fixable ? { openInForm: `/profiles/${attempt.profileId}?from=${attempt.id}` } : {}),
  };
}

export default async function UpdatePage({ params }: Props) {
  const [{ attemptId }, user] = await Promise.all([params, requirePageUser()]);
  if (updatesScope(user.role) === 'none') return <AccessDenied what="updates" />;
  if (!isAttemptId(attemptId)) notFound();
  const detail = await getAttemptDetail({ viewer: { userId: user.id, role: user.role }, attemptId });
  if (!detail) notFound();
  const { attempt, review, open, others, people } = detail;
  const actions = actionsOf(detail, user);
  const fixedBy = fixingOf(detail);
  const fixedKind = review?.resolution === 'retried' || review?.resolution === 'superseded' ? review.resolution : null;

  return (
    <div className="flex flex-col gap-6">
      <UpdateSummary
        update={attempt}
        who={personOf(people, attempt.actorId, attempt.actorRole)}
        status={open ? 'open' : review?.resolvedAt ? 'resolved' : null}
      />
      {fixedBy && fixedKind ? <UpdateFixedBy kind={fixedKind} fixedBy={fixedBy} /> : null}
      <UpdateFieldValues
        changed={attempt.changedFields}
        requested={attempt.requested}
        before={attempt.before}
        sent={attempt.sent}
        after={attempt.after ?? review?.checkedValues ?? null}
        afterLabel={attempt.after || !review?.checkedValues ? 'Afterwards' : 'When checked'}
      />
      <UpdateError error={attemptError(attempt, can(user.role, 'update:retry') ? 'inbox' : 'save')} />
      <UpdateSince {...sinceOf(detail)} />
      {actions ? <UpdateActions {...actions} /> : null}
      <OtherUpdates others={others.map((other) => relatedOf(people, other))} />
    </div>
  );
}
