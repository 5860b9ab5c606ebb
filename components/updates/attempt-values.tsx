import { attemptColumns, type AttemptFieldValues } from '@/components/updates/attempt-columns';
import { AttemptValuesCards } from '@/components/updates/attempt-values-cards';
import { AttemptValuesTable } from '@/components/updates/attempt-values-table';
import type { ProfileField } from '@/lib/shared/profile-fields';

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
  requested: AttemptFieldValues;
  before: AttemptFieldValues | null;
  sent: AttemptFieldValues | null;
  after: AttemptFieldValues | null;
  /** The last column's heading: "Afterwards", or when a check read it. */
  afterLabel: string;
}) {
  const columns = attemptColumns({ changed, requested, before, sent, after, afterLabel });
  return (
    <>
      <AttemptValuesCards changed={changed} columns={columns} />
      <AttemptValuesTable changed={changed} columns={columns} />
    </>
  );
}
