'use client';

import { plural } from '@/components/bulk/words';
import { FieldValue } from '@/components/ui/field-value';
import type { BulkRowChange } from '@/lib/bulk/rows';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS } from '@/lib/shared/profile-fields';

/** The first changes the file would send, field by field. */
export function CheckSample({ sample }: { sample: BulkRowChange[] }) {
  if (sample.length === 0) return null;
  return (
    <section aria-label="Sample of the changes" className="flex min-w-0 flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-900">The first {plural(sample.length, 'change')} to send</h3>
      <ul className="flex flex-col divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
        {sample.map((change) => (
          <li key={change.line} className="flex flex-col gap-1 p-2 sm:flex-row sm:gap-4">
            <span className="shrink-0 text-slate-500">Line {change.line}</span>
            <span className="shrink-0 font-mono [overflow-wrap:anywhere]">{change.profileId}</span>
            <span className="min-w-0 [overflow-wrap:anywhere]">
              {PROFILE_FIELDS.filter((field) => change.set[field] !== undefined).map((field, index) => (
                <span key={field}>
                  {index > 0 ? ' · ' : ''}
                  {PROFILE_FIELD_LABELS[field]} → <FieldValue field={field} value={change.set[field] ?? ''} />
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-600">Empty cells leave those fields as Attestr holds them.</p>
    </section>
  );
}
