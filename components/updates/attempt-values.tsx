import { PROFILE_FIELD_LABELS, PROFILE_FIELDS, type ProfileField } from '@/lib/profiles/schema';

type Values = Partial<Record<ProfileField, string>>;

function Cell({ value, missing }: { value: string | undefined; missing: string }) {
  if (value === undefined) return <span className="text-slate-400">{missing}</span>;
  return <>{value || <span className="text-slate-500">(empty)</span>}</>;
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
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[32rem] table-fixed text-left text-sm">
        <caption className="sr-only">Values field by field</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="w-[18%] py-1 pr-3">
              Field
            </th>
            <th scope="col" className="py-1 pr-3">
              Before
            </th>
            <th scope="col" className="py-1 pr-3">
              Asked for
            </th>
            <th scope="col" className="py-1 pr-3">
              Sent
            </th>
            <th scope="col" className="py-1">
              {afterLabel}
            </th>
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
                <td className="py-1 pr-3 text-slate-600">
                  <Cell value={before?.[field]} missing="not read" />
                </td>
                <td className="py-1 pr-3">
                  {isChanged ? (
                    <Cell value={requested[field]} missing="—" />
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="py-1 pr-3">
                  <Cell value={sent?.[field]} missing="not sent" />
                </td>
                <td className="py-1 font-medium">
                  <Cell value={after?.[field]} missing="not read" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
