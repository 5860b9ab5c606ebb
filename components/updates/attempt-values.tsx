import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';

type Values = Partial<Record<ProfileField, string>>;

function Cell({ value, missing }: { value: string | undefined; missing: string }) {
  if (value === undefined) return <span className="text-slate-600">{missing}</span>;
  return <>{value || <span className="text-slate-600">(empty)</span>}</>;
}

/**
 * An update field by field: what Attestr held before, what the person asked for, what was sent,
 * and what Attestr held afterwards. A changed field is marked; a column with nothing to show
 * says why (the read before failed, nothing was sent, nothing was read back).
 */
export function AttemptValues({
  changed,
  requested,
  before,
  sent,
  after,
  afterLabel,
}: {
  changed: readonly ProfileField[];
  requested: Values;
  before: Values | null;
  sent: Values | null;
  after: Values | null;
  /** The last column's heading: "Afterwards", or when a check read it. */
  afterLabel: string;
}) {
  const columns = [
    {
      label: 'Before',
      className: 'text-slate-600',
      value: (field: ProfileField) => <Cell value={before?.[field]} missing="not read" />,
    },
    {
      label: 'Asked for',
      className: '',
      value: (field: ProfileField) =>
        changed.includes(field) ? (
          <Cell value={requested[field]} missing="—" />
        ) : (
          <span className="text-slate-600">—</span>
        ),
    },
    { label: 'Sent', className: '', value: (field: ProfileField) => <Cell value={sent?.[field]} missing="not sent" /> },
    {
      label: afterLabel,
      className: 'font-medium',
      value: (field: ProfileField) => <Cell value={after?.[field]} missing="not read" />,
    },
  ];
  return (
    <>
      {/* On a phone, each field is a card of its four values rather than a row to scroll sideways. */}
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
    </>
  );
}
