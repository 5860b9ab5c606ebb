import type { ReactNode } from 'react';

import { FieldValue } from '@/components/ui/field-value';
import type { ProfileField } from '@/lib/shared/profile-fields';

export type AttemptFieldValues = Partial<Record<ProfileField, string>>;

/** One column of an update's values: its heading, its style, and what it shows for a field. */
export interface AttemptColumn {
  label: string;
  className: string;
  value: (field: ProfileField) => ReactNode;
}

function Cell({ field, value, missing }: { field: ProfileField; value: string | undefined; missing: string }) {
  if (value === undefined) return <span className="text-slate-600">{missing}</span>;
  return value ? <FieldValue field={field} value={value} /> : <span className="text-slate-600">(empty)</span>;
}

/**
 * The four columns of an update: before, asked for (only the changed fields), sent and
 * afterwards, each saying why when it has nothing to show.
 */
/** An update's values, as its record holds them. */
export interface AttemptValuesInput {
  changed: readonly ProfileField[];
  requested: AttemptFieldValues;
  before: AttemptFieldValues | null;
  sent: AttemptFieldValues | null;
  after: AttemptFieldValues | null;
  /** The last column's heading: "Afterwards", or when a check read it. */
  afterLabel: string;
}

export function attemptColumns({
  changed,
  requested,
  before,
  sent,
  after,
  afterLabel,
}: AttemptValuesInput): AttemptColumn[] {
  return [
    {
      label: 'Before',
      className: 'text-slate-600',
      value: (field) => <Cell field={field} value={before?.[field]} missing="not read" />,
    },
    {
      label: 'Asked for',
      className: '',
      value: (field) =>
        changed.includes(field) ? (
          <Cell field={field} value={requested[field]} missing="—" />
        ) : (
          <span className="text-slate-600">—</span>
        ),
    },
    { label: 'Sent', className: '', value: (field) => <Cell field={field} value={sent?.[field]} missing="not sent" /> },
    {
      label: afterLabel,
      className: 'font-medium',
      value: (field) => <Cell field={field} value={after?.[field]} missing="not read" />,
    },
  ];
}
