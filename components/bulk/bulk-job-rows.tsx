'use client';

import Link from 'next/link';
import { useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { GROUP_LABELS, PREVIEW_WORDS, ROW_STATE_TONES, ROW_STATE_WORDS } from '@/components/bulk/words';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { BULK_ROW_GROUPS, type BulkRowGroup, type BulkRowView } from '@/lib/shared/bulk-types';
import { FieldValue } from '@/components/ui/field-value';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';
import { useBulkRowsQuery } from '@/lib/queries/bulk';

function Shown({ field, value }: { field: ProfileField; value: string | undefined }) {
  return value ? <FieldValue field={field} value={value} /> : <>(empty)</>;
}

/** What a dry run found for a line: the fields that would change, from → to; or why none would. */
function PreviewOf({ row }: { row: BulkRowView }) {
  const { preview } = row;
  if (!preview) return null;
  if (preview.state !== 'changes') {
    return (
      <p className="text-sm">
        <Badge tone={preview.state === 'no_change' ? 'neutral' : 'warning'}>{PREVIEW_WORDS[preview.state]}</Badge>
      </p>
    );
  }
  return (
    <ul className="flex flex-col gap-0.5 text-sm">
      {preview.changes.map((field) => (
        <li key={field} className="[overflow-wrap:anywhere]">
          <span className="text-slate-500">{PROFILE_FIELD_LABELS[field]}:</span>{' '}
          <span className="text-slate-600 line-through decoration-slate-400">
            <Shown field={field} value={preview.current?.[field]} />
          </span>
          {' → '}
          <span className="font-medium text-slate-900">
            <Shown field={field} value={row.set?.[field]} />
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * Why a line ended as it did: the plain sentence, then, for a line Attestr refused, Attestr's own
 * words and code; for the console's own outcome, its message alone (its code is for the record).
 */
function LineOutcome({ row, result }: { row: BulkRowView; result: NonNullable<BulkRowView['result']> }) {
  const tone = row.state === 'succeeded' || row.state === 'unchanged' ? 'text-slate-600' : 'text-rose-900';
  const sentence = result.summary ?? result.message;
  return (
    <>
      {sentence || !result.said ? (
        <p className={`text-sm [overflow-wrap:anywhere] ${tone}`}>
          <span data-testid="line-outcome">{sentence}</span>
        </p>
      ) : null}
      {result.said ? <AttestrSaidLine said={result.said} /> : null}
    </>
  );
}

function RowItem({ row }: { row: BulkRowView }) {
  const setFields = PROFILE_FIELDS.filter((field) => row.set?.[field] !== undefined);
  const values =
    row.set && setFields.length > 0
      ? setFields.map((field, index) => (
          <span key={field}>
            {index > 0 ? ' · ' : ''}
            {PROFILE_FIELD_LABELS[field]}: <FieldValue field={field} value={row.set?.[field] ?? ''} />
          </span>
        ))
      : null;
  return (
    <li className="flex flex-col gap-1.5 p-3" data-line={row.line} data-state={row.state}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="text-sm text-slate-500">Line {row.line}</span>
        <Link
          href={`/profiles/${encodeURIComponent(row.profileId)}`}
          className="font-mono text-sm font-medium text-indigo-700 [overflow-wrap:anywhere] hover:underline"
        >
          {row.profileId}
        </Link>
        <Badge tone={ROW_STATE_TONES[row.state]}>{ROW_STATE_WORDS[row.state]}</Badge>
        {row.attemptId ? (
          <Link
            href={`/updates/${encodeURIComponent(row.attemptId)}`}
            className="text-sm font-medium text-indigo-700 hover:underline"
          >
            See the update
          </Link>
        ) : null}
      </div>
      {row.preview ? (
        <PreviewOf row={row} />
      ) : values ? (
        <p className="text-sm text-slate-700 [overflow-wrap:anywhere]">{values}</p>
      ) : null}
      {row.result ? <LineOutcome row={row} result={row.result} /> : null}
    </li>
  );
}

/** A job's lines, filtered by group and fetched a page at a time. */
export function BulkJobRows({
  jobId,
  refetchInterval,
  initial,
}: {
  jobId: string;
  refetchInterval: number | false;
  initial: { rows: BulkRowView[]; next: number | null };
}) {
  const [group, setGroup] = useState<BulkRowGroup>('all');
  const rows = useBulkRowsQuery({ jobId, group, refetchInterval, initial: group === 'all' ? initial : undefined });
  const lines = rows.data?.pages.flatMap((page) => page.rows) ?? [];
  return (
    <section aria-label="Lines" className="flex min-w-0 flex-col rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-col gap-2 border-b border-slate-200 p-3">
        <h2 className="text-base font-semibold text-slate-900">Lines</h2>
        <div role="group" aria-label="Show" className="flex flex-wrap gap-2">
          {BULK_ROW_GROUPS.map((each) => (
            <button
              key={each}
              type="button"
              aria-pressed={group === each}
              onClick={() => setGroup(each)}
              className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${
                group === each
                  ? 'bg-indigo-600 text-white ring-indigo-600'
                  : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
              }`}
            >
              {GROUP_LABELS[each]}
            </button>
          ))}
        </div>
      </div>
      {rows.error ? (
        <div className="border-b border-slate-200 p-3">
          <ActionError error={rows.error.error} afterSignIn="reload this page." />
        </div>
      ) : null}
      {rows.isPending ? (
        <p className="p-3 text-sm text-slate-600">Loading the lines…</p>
      ) : lines.length === 0 ? (
        rows.error ? null : (
          <p className="p-3 text-sm text-slate-600">No lines here.</p>
        )
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="bulk-lines">
          {lines.map((row) => (
            <RowItem key={row.line} row={row} />
          ))}
        </ul>
      )}
      {rows.hasNextPage ? (
        <div className="border-t border-slate-200 p-3">
          <Button variant="secondary" disabled={rows.isFetchingNextPage} onClick={() => void rows.fetchNextPage()}>
            {rows.isFetchingNextPage ? 'Loading…' : 'Show more lines'}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
