import type { AttemptColumn } from '@/components/updates/attempt-columns';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

/** On a phone, each field is a card of its four values rather than a row to scroll sideways. */
export function AttemptValuesCards({
  changed,
  columns,
}: {
  changed: readonly ProfileField[];
  columns: AttemptColumn[];
}) {
  return (
    <ul className="flex flex-col gap-2 text-sm sm:hidden">
      {PROFILE_FIELDS.map((field) => (
        <li
          key={field}
          className={`rounded-md border border-slate-100 p-2 ${changed.includes(field) ? 'bg-indigo-50/60' : ''}`}
        >
          <p className="font-medium">
            {PROFILE_FIELD_LABELS[field]}
            {changed.includes(field) ? (
              <span className="ml-2 text-xs font-semibold text-indigo-800">changed</span>
            ) : null}
          </p>
          <dl className="mt-1 grid grid-cols-[6rem_1fr] gap-x-2 gap-y-0.5 [overflow-wrap:anywhere]">
            {columns.map((column) => (
              <div key={column.label} className="contents">
                <dt className="text-slate-600">{column.label}</dt>
                <dd>{column.value(field)}</dd>
              </div>
            ))}
          </dl>
        </li>
      ))}
    </ul>
  );
}
