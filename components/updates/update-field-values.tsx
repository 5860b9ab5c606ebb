import type { ComponentProps } from 'react';

import { AttemptValues } from '@/components/updates/attempt-values';

/** An update's values field by field, in their own section of its page. */
export function UpdateFieldValues(props: ComponentProps<typeof AttemptValues>) {
  return (
    <section aria-label="Field by field" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="mb-2 text-base font-semibold">Field by field</h2>
      <AttemptValues {...props} />
    </section>
  );
}
