'use client';

import { lazy, Suspense, useState } from 'react';

import { ProfileForm } from '@/components/profiles/profile-form';
import { ProfileSummary } from '@/components/profiles/profile-summary';
import { ResultsPanel } from '@/components/profiles/results-panel';
import type { SaveResult } from '@/components/profiles/save-result';
import type { GetProfileResponse } from '@/lib/shared/api-types';
import { PROFILE_FIELDS, type ProfileField } from '@/lib/shared/profile-fields';
import { useProfileQuery } from '@/lib/queries/profiles';

// Only archived profiles show it: it stays out of the page's first load for all the others.
const ArchivedProfileDetails = lazy(() =>
  import('@/components/profiles/archived-profile-details').then((module) => ({
    default: module.ArchivedProfileDetails,
  })),
);

/** The profile page's interactive part: summary, edit form and results panel. */
export function ProfileEditor({
  initial,
  lockedFields,
  prefill,
  phoneRegion,
}: {
  initial: GetProfileResponse;
  /** Where a mobile typed without its country code is read (DEFAULT_PHONE_REGION). */
  phoneRegion?: string;
  /** Fields the signed-in person's role may not change, with the reason (lib/shared/permissions.ts). */
  lockedFields: Partial<Record<ProfileField, string>>;
  /** Values to fill in as unsaved changes (an update opened in the form). */
  prefill?: Partial<Record<ProfileField, string>>;
}) {
  const query = useProfileQuery(initial.profile.id, initial);
  const profile = query.data.profile;
  const [result, setResult] = useState<SaveResult | null>(null);
  const [archivedByAttestr, setArchivedByAttestr] = useState(false);
  const archived = profile.archived || archivedByAttestr;
  // A role that may change none of the fields reads the profile; it has no form to fill in.
  const viewOnly = PROFILE_FIELDS.every((field) => field in lockedFields);

  function onResult(next: SaveResult | null) {
    if (next?.kind === 'error' && next.error.code === 40038) setArchivedByAttestr(true);
    setResult(next);
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <div className="flex flex-col gap-6">
        <ProfileSummary profile={profile} archived={archived} />
        {archived || viewOnly ? (
          <Suspense fallback={null}>
            <ArchivedProfileDetails
              profile={profile}
              {...(archived
                ? {}
                : {
                    roleNotice: lockedFields.tag?.replace(/^Read-only: (.)/, (_all, first: string) =>
                      first.toUpperCase(),
                    ),
                  })}
            />
          </Suspense>
        ) : (
          <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="mb-4 text-base font-semibold">Edit basic information</h2>
            <ProfileForm
              profile={profile}
              readOnly={false}
              lockedFields={lockedFields}
              onResult={onResult}
              region={phoneRegion}
              {...(prefill ? { prefill } : {})}
            />
          </div>
        )}
      </div>
      {/* Nothing can be saved here: no panel for an outcome, unless one is still to be read. */}
      {(archived || viewOnly) && result === null ? null : (
        <div>
          <ResultsPanel result={result} />
        </div>
      )}
    </div>
  );
}
