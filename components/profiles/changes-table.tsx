import { FieldValue } from '@/components/ui/field-value';
import type { ProfileValues } from '@/lib/shared/profile-fields';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

/** One row of the table of changes: a field's value before, and as Attestr holds it now. */
export interface ChangeRow {
  field: ProfileField;
  before: string;
  now: string;
  note?: string;
}

/**
 * The fields whose value changed, with a note where someone else changed it, or where Attestr
 * holds it otherwise than it was sent (kept a removed value, normalised one).
 */
export function changeRows(input: {
  before: ProfileValues;
  sent: ProfileValues;
  now: ProfileValues;
  changedMeanwhile: readonly ProfileField[];
  heldDifferently: readonly ProfileField[];
}): ChangeRow[] {
  const { before, sent, now } = input;
  return PROFILE_FIELDS.filter((field) => before[field] !== now[field] || input.heldDifferently.includes(field)).map(
    (field) => {
      const note = input.heldDifferently.includes(field)
        ? sent[field] === ''
          ? 'You removed it, but Attestr kept it.'
          : `Sent as “${sent[field]}”; Attestr holds it as shown.`
        : input.changedMeanwhile.includes(field)
          ? 'by someone else, kept'
          : undefined;
      return { field, before: before[field], now: now[field], ...(note ? { note } : {}) };
    },
  );
}

export function ChangesTable({ rows }: { rows: ChangeRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">Saved with no change to the values.</p>;
  return (
    <table className="w-full table-fixed text-left text-sm">
      <caption className="sr-only">Changed fields</caption>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th scope="col" className="w-[28%] py-1 pr-3">
            Field
          </th>
          <th scope="col" className="py-1 pr-3">
            Before
          </th>
          <th scope="col" className="py-1">
            Now at Attestr
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field} className="border-t border-slate-100 align-top">
            <th scope="row" className="py-1 pr-3 font-medium">
              {PROFILE_FIELD_LABELS[row.field]}
              {row.note ? (
                <span
                  className={`block text-xs [overflow-wrap:break-word] ${
                    row.note === 'by someone else, kept' ? 'font-normal text-slate-500' : 'font-semibold text-amber-800'
                  }`}
                >
                  {row.note}
                </span>
              ) : null}
            </th>
            <td
              className={`py-1 pr-3 text-slate-500 [overflow-wrap:break-word] ${
                row.before === row.now ? '' : 'line-through decoration-slate-300'
              }`}
            >
              {row.before ? <FieldValue field={row.field} value={row.before} /> : '(empty)'}
            </td>
            <td className="py-1 font-medium [overflow-wrap:break-word]">
              {row.now ? <FieldValue field={row.field} value={row.now} /> : '(empty)'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
