import { attemptColumns, type AttemptValuesInput } from '@/components/updates/attempt-columns';
import { AttemptValuesCards } from '@/components/updates/attempt-values-cards';
import { AttemptValuesTable } from '@/components/updates/attempt-values-table';

/**
 * An update field by field: what Attestr held before, what the person asked for, what was sent,
 * and what Attestr held afterwards. A changed field is marked; a column with nothing to show
 * says why (the read before failed, nothing was sent, nothing was read back).
 */
export function AttemptValues(input: AttemptValuesInput) {
  const columns = attemptColumns(input);
  return (
    <>
      <AttemptValuesCards changed={input.changed} columns={columns} />
      <AttemptValuesTable changed={input.changed} columns={columns} />
    </>
  );
}
