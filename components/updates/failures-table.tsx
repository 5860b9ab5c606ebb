import { codeLabel, type FailureCount } from '@/components/updates/failures-chart-data';

/** The chart's numbers as a table, folded away under "The numbers". */
export function FailuresTable({ counts }: { counts: FailureCount[] }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-indigo-700">The numbers</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="text-left text-xs">
          <caption className="sr-only">Failures by day and error code</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-4">
                Day
              </th>
              <th scope="col" className="pr-4">
                Error code
              </th>
              <th scope="col">Failures</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((row) => (
              <tr key={`${row.day} ${row.code ?? ''}`}>
                <td className="pr-4">{row.day}</td>
                <td className="pr-4 font-mono">{codeLabel(row.code)}</td>
                <td>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
