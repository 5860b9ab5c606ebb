import Link from 'next/link';

import { AttestrSaidLine } from '@/components/errors/attestr-said';
import { TechnicalDetails } from '@/components/ui/technical-details';
import { adviceFor } from '@/lib/shared/error-advice';
import { errorHeading } from '@/lib/shared/error-headings';
import type { AttestrError } from '@/lib/attestr/errors';
import { attestrSaid } from '@/lib/errors/attestr-said';

/** Shown when Attestr could not give us the profile for a reason other than "no such profile". */
export function ProfileLoadError({ profileId, error }: { profileId: string; error: AttestrError }) {
  const { actor, summary, advice, technicalHint } = adviceFor({ code: error.code, context: 'load' });
  const said = attestrSaid(error);
  return (
    <div className="mx-auto flex max-w-xl flex-col gap-4 rounded-lg border border-rose-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-bold">{errorHeading({ actor, context: 'load' })}</h1>
      <p className="text-slate-800" data-testid="error-summary">
        {summary}
      </p>
      <p className="rounded-md bg-slate-50 p-3 text-sm">
        <span className="font-semibold">What to do: </span>
        {advice}
      </p>
      {said ? <AttestrSaidLine said={said} /> : null}
      <div className="flex flex-wrap gap-4 text-sm">
        <Link
          href={`/profiles/${encodeURIComponent(profileId)}`}
          className="font-semibold text-indigo-700 hover:underline"
        >
          Try loading again
        </Link>
        <Link href="/profiles" className="text-slate-700 hover:underline">
          Back to profiles
        </Link>
      </div>
      <TechnicalDetails
        source={error.source}
        code={error.code}
        httpStatus={error.httpStatus}
        details={error.details}
        tracingId={error.tracingId}
        extra={[
          { label: 'Profile ID', value: <span className="font-mono">{profileId}</span> },
          ...(technicalHint ? [{ label: 'Where to look', value: technicalHint }] : []),
        ]}
      />
    </div>
  );
}
