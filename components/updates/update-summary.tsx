import Link from 'next/link';
import type { ReactNode } from 'react';

import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { LocalTime } from '@/components/ui/local-time';
import { OutcomeBadge } from '@/components/updates/outcome-badge';
import type { AttemptOutcome, AttemptSource } from '@/lib/shared/inbox-view';
import type { ProfileField } from '@/lib/shared/profile-fields';

const SOURCE_LABELS = { form: 'The profile form', retry: 'A retry', bulk: 'A bulk change' } as const;

/** The facts of one update its page opens with. */
export interface UpdateSummaryFields {
  id: string;
  profileId: string;
  profileTag: string | null;
  changedFields: readonly ProfileField[];
  outcome: AttemptOutcome;
  createdAt: number;
  source: AttemptSource;
  bulkJobId: string | null;
  reason: string | null;
  retryOf: string | null;
  tracingId: string | null;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="text-slate-500">{label}</dt>
      <dd className="[overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function IdWithCopy({ id, label, testId }: { id: string; label: string; testId?: string }) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <code className="font-mono text-xs" data-testid={testId}>
        {id}
      </code>
      <CopyButton value={id} label={label} />
    </span>
  );
}

function UpdateFacts({ update, who }: { update: UpdateSummaryFields; who: string }) {
  const source = SOURCE_LABELS[update.source];
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      <Row label="Who">{who}</Row>
      <Row label="When">
        <LocalTime ms={update.createdAt} />
      </Row>
      <Row label="From">
        {update.bulkJobId ? (
          <Link href={`/bulk/${update.bulkJobId}`} className="text-indigo-700 hover:underline">
            {source}
          </Link>
        ) : (
          source
        )}
      </Row>
      <Row label="Reason">{update.reason ?? <span className="text-slate-500">None given</span>}</Row>
      {update.retryOf ? (
        <Row label="Retry of">
          <Link href={`/updates/${update.retryOf}`} className="font-mono text-indigo-700 hover:underline">
            {update.retryOf}
          </Link>
        </Row>
      ) : null}
      <Row label="Update ID">
        <IdWithCopy id={update.id} label="Copy update ID" />
      </Row>
      <Row label="Tracing ID">
        {update.tracingId ? (
          <IdWithCopy id={update.tracingId} label="Copy tracing ID" testId="tracing-id" />
        ) : (
          <span className="text-slate-500">None: Attestr gave no answer to trace</span>
        )}
      </Row>
    </dl>
  );
}

/**
 * An update's heading and facts: its profile, how many fields it changed, its outcome and whether
 * it is still open or resolved, who asked for it, when, from where, and the IDs to quote.
 */
export function UpdateSummary({
  update,
  who,
  status,
}: {
  update: UpdateSummaryFields;
  /** Who asked for it, as a person reads it. */
  who: string;
  status: 'open' | 'resolved' | null;
}) {
  const count = update.changedFields.length;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="mb-1 text-sm">
        <Link href={`/profiles/${update.profileId}`} className="font-medium text-indigo-700 hover:underline">
          Profile {update.profileTag ?? update.profileId}
        </Link>
      </p>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-bold tracking-tight">
          Update of {count || 'no'} field{count === 1 ? '' : 's'}
        </h1>
        <OutcomeBadge outcome={update.outcome} />
        {status === 'open' ? (
          <Badge tone="warning">Open</Badge>
        ) : status === 'resolved' ? (
          <Badge tone="neutral">Resolved</Badge>
        ) : null}
      </div>
      <UpdateFacts update={update} who={who} />
    </div>
  );
}
