import type { AttemptColumn } from '@/components/updates/attempt-columns';
import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

/** On a wider screen, a row per field and a column per moment of the update. */
export function AttemptValuesTable({
  changed,
  columns,
}: {
  changed: readonly ProfileField[];
  columns: AttemptColumn[];
}) {
  return (
    <div className="hidden overflow-x-auto sm:block">
      <table className="w-full min-w-[32rem] table-fixed text-left text-sm">
        <caption className="sr-only">Values field by field</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="w-[18%] py-1 pr-3">
              Field
            </th>
            {columns.map((column) => (
              <th key={column.label} scope="col" className="py-1 pr-3">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PROFILE_FIELDS.map((field) => {
            const isChanged = changed.includes(field);
            return (
              <tr
                key={field}
                className={`border-t border-slate-100 align-top [overflow-wrap:anywhere] ${isChanged ? 'bg-indigo-50/60' : ''}`}
              >
                <th scope="row" className="py-1 pr-3 font-medium">
                  {PROFILE_FIELD_LABELS[field]}
                  {isChanged ? <span className="block text-xs font-semibold text-indigo-800">changed</span> : null}
                </th>
                {columns.map((column) => (
                  <td key={column.label} className={`py-1 pr-3 ${column.className}`}>
                    {column.value(field)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
