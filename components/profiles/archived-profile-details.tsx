import { MobileNumber } from '@/components/ui/mobile-number';
import type { ApiProfile } from '@/lib/shared/api-types';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';

/**
 * A profile's basic information, to read: an archived profile nobody can change any more, or
 * any profile for a role that may view but not change profiles (`roleNotice`).
 */
export function ArchivedProfileDetails({ profile, roleNotice }: { profile: ApiProfile; roleNotice?: string }) {
  const rows = [
    [PROFILE_FIELD_LABELS.tag, profile.tag],
    [PROFILE_FIELD_LABELS.name, profile.name],
    [PROFILE_FIELD_LABELS.email, profile.email || 'None'],
    [PROFILE_FIELD_LABELS.mobile, profile.mobile ? <MobileNumber key="mobile" value={profile.mobile} /> : 'None'],
  ] as const;
  return (
    <section
      aria-labelledby="basic-information-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="basic-information-heading" className="mb-3 text-base font-semibold">
        Basic information
      </h2>
      <div role="note" className="mb-4 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
        {roleNotice ? (
          <>
            <p className="font-semibold">For reading only</p>
            <p className="mt-1">{roleNotice}</p>
          </>
        ) : (
          <>
            <p className="font-semibold">This profile is archived at Attestr</p>
            <p className="mt-1">
              Archived profiles cannot be changed by anyone, so its details are shown for reading only. If this person
              needs checks again, create a new profile at Attestr.
            </p>
          </>
        )}
      </div>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-4 gap-y-2 text-sm" aria-label="Basic information">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-medium [overflow-wrap:anywhere]">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
