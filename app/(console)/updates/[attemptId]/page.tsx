import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';

import { AccessDenied } from '@/components/access-denied';
import { ErrorExplanation } from '@/components/errors/error-explanation';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { LocalTime } from '@/components/ui/local-time';
import { AttemptValues } from '@/components/updates/attempt-values';
import { OutcomeBadge } from '@/components/updates/outcome-badge';
import { UpdateActions } from '@/components/updates/update-actions';
import { attemptError } from '@/lib/api/attempt-error';
import { requirePageUser } from '@/lib/api/page-user';
import { can, isRole, ROLE_LABELS, updatesScope } from '@/lib/shared/permissions';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { getAttemptDetail, type UserName } from '@/lib/audit/history';
import { formValuesFrom, needsPersonToFix } from '@/lib/audit/open-in-form';
import { isOverdue } from '@/lib/updates/recover';

type Props = { params: Promise<{ attemptId: string }> };

export const metadata: Metadata = { title: 'Update' };

const SOURCE_LABELS = { form: 'The profile form', retry: 'A retry', bulk: 'A bulk change' } as const;
const SETTLED_TEXT = {
  succeeded: 'the change is at Attestr',
  failed: 'the change is not at Attestr; it holds the values from before',
  conflict: 'Attestr holds other values: someone else changed the profile',
} as const;

function personOf(people: Map<string, UserName>, id: string | null, role?: string | null): string {
  if (!id) return 'someone';
  const person = people.get(id);
  const roleName = role ?? person?.role;
  const label = isRole(roleName) ? ROLE_LABELS[roleName] : null;
  return `${person?.name ?? 'A former user'}${label ? ` (${label})` : ''}`;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="[overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

export default async function UpdatePage({ params }: Props) {
  const [{ attemptId }, user] = await Promise.all([params, requirePageUser()]);
  if (updatesScope(user.role) === 'none') return <AccessDenied what="updates" />;
  if (!isAttemptId(attemptId)) notFound();
  const detail = await getAttemptDetail({ viewer: { userId: user.id, role: user.role }, attemptId });
  if (!detail) notFound();
  const { attempt, review, open, retries, others, people } = detail;
  const error = attemptError(attempt);
  const mayAct = can(user.role, 'update:retry');
  // Still in progress long after any answer could have come: whoever may check it is offered to.
  const overdue = isOverdue(attempt) && (mayAct || attempt.actorId === user.id);
  // Open in form only when there is something the viewer may fill in and save themselves.
  const fixable = needsPersonToFix(attempt) && Object.keys(formValuesFrom({ attempt, role: user.role })).length > 0;
  const after = attempt.after ?? review?.checkedValues ?? null;

  return (
    <div className="flex flex-col gap-6">
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <p className="mb-1 text-sm">
          <Link href={`/profiles/${attempt.profileId}`} className="font-medium text-indigo-700 hover:underline">
            Profile {attempt.profileTag ?? attempt.profileId}
          </Link>
        </p>
        <div className="mb-3 flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold tracking-tight">
            Update of {attempt.changedFields.length || 'no'} field{attempt.changedFields.length === 1 ? '' : 's'}
          </h1>
          <OutcomeBadge outcome={attempt.outcome} />
          {open ? (
            <Badge tone="warning">Open</Badge>
          ) : review?.resolvedAt ? (
            <Badge tone="neutral">Resolved</Badge>
          ) : null}
        </div>
        <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          <Row label="Who">{personOf(people, attempt.actorId, attempt.actorRole)}</Row>
          <Row label="When">
            <LocalTime ms={attempt.createdAt} />
          </Row>
          <Row label="From">
            {attempt.bulkJobId ? (
              <Link href={`/bulk/${attempt.bulkJobId}`} className="text-indigo-700 hover:underline">
                {SOURCE_LABELS[attempt.source]}
              </Link>
            ) : (
              SOURCE_LABELS[attempt.source]
            )}
          </Row>
          <Row label="Reason">{attempt.reason ?? <span className="text-slate-500">None given</span>}</Row>
          {attempt.retryOf ? (
            <Row label="Retry of">
              <Link href={`/updates/${attempt.retryOf}`} className="font-mono text-indigo-700 hover:underline">
                {attempt.retryOf}
              </Link>
            </Row>
          ) : null}
          <Row label="Update ID">
            <span className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs">{attempt.id}</code>
              <CopyButton value={attempt.id} label="Copy update ID" />
            </span>
          </Row>
          <Row label="Tracing ID">
            {attempt.tracingId ? (
              <span className="flex flex-wrap items-center gap-2">
                <code className="font-mono text-xs" data-testid="tracing-id">
                  {attempt.tracingId}
                </code>
                <CopyButton value={attempt.tracingId} label="Copy tracing ID" />
              </span>
            ) : (
              <span className="text-slate-500">None: Attestr gave no answer to trace</span>
            )}
          </Row>
        </dl>
      </div>

      <section aria-label="Field by field" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 className="mb-2 text-base font-semibold">Field by field</h2>
        <AttemptValues
          changed={attempt.changedFields}
          requested={attempt.requested}
          before={attempt.before}
          sent={attempt.sent}
          after={after}
          afterLabel={attempt.after || !review?.checkedValues ? 'Afterwards' : 'When checked'}
        />
      </section>

      {error ? (
        <section aria-label="What went wrong" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <ErrorExplanation error={error} />
        </section>
      ) : null}

      {review?.checkedAt || review?.resolvedAt || retries.length > 0 ? (
        <section aria-label="Since then" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="mb-2 text-base font-semibold">Since then</h2>
          <ul className="flex flex-col gap-2 text-sm">
            {review?.checkedAt && review.settledOutcome ? (
              <li>
                <LocalTime ms={review.checkedAt} />: checked at Attestr by {personOf(people, review.checkedBy)}:{' '}
                {SETTLED_TEXT[review.settledOutcome]}.
              </li>
            ) : null}
            {retries.map((retry) => (
              <li key={retry.id} className="flex flex-wrap items-center gap-2">
                <LocalTime ms={retry.createdAt} />: sent again by {personOf(people, retry.actorId, retry.actorRole)}
                <OutcomeBadge outcome={retry.outcome} />
                <Link href={`/updates/${retry.id}`} className="text-indigo-700 hover:underline">
                  See that update
                </Link>
              </li>
            ))}
            {review?.resolvedAt ? (
              <li data-testid="resolution">
                <LocalTime ms={review.resolvedAt} />: resolved by {personOf(people, review.resolvedBy)}
                {review.resolution === 'cannot_change' ? ' as one that cannot change' : ''}: “{review.note}”
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      {/* Who may retry acts on any failure; whoever may edit the profile may fix their own in the form. */}
      {(mayAct && (attempt.outcome === 'failed' || attempt.outcome === 'unknown')) || fixable || overdue ? (
        <UpdateActions
          attemptId={attempt.id}
          canRetry={mayAct && open}
          canCheck={(mayAct && open && attempt.outcome === 'unknown') || overdue}
          canResolve={mayAct && open}
          cannotChange={attempt.errorCode === '40038'}
          {...(fixable ? { openInForm: `/profiles/${attempt.profileId}?from=${attempt.id}` } : {})}
        />
      ) : null}

      <section
        aria-label="Other updates of this profile"
        className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <h2 className="mb-2 text-base font-semibold">Other updates of this profile</h2>
        {others.length === 0 ? (
          <p className="text-sm text-slate-500">None.</p>
        ) : (
          <ul className="flex flex-col gap-1 text-sm">
            {others.map((other) => (
              <li key={other.id} className="flex flex-wrap items-center gap-2">
                <Link href={`/updates/${other.id}`} className="text-indigo-700 hover:underline">
                  <LocalTime ms={other.createdAt} />
                </Link>
                <OutcomeBadge outcome={other.outcome} />
                <span className="text-slate-600">{personOf(people, other.actorId, other.actorRole)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
