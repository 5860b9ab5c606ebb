import { ErrorExplanation } from '@/components/errors/error-explanation';
import type { ApiError } from '@/lib/shared/api-types';

/** What went wrong with an update, when something did; nothing otherwise. */
export function UpdateError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <section aria-label="What went wrong" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <ErrorExplanation error={error} />
    </section>
  );
}
