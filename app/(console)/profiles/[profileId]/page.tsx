import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AccessDenied } from '@/components/access-denied';
import { InvalidProfileId } from '@/components/profiles/invalid-profile-id';
import { ProfileEditor } from '@/components/profiles/profile-editor';
import { ProfileHistory } from '@/components/profiles/profile-history';
import { ProfileLoadError } from '@/components/profiles/profile-load-error';
import { LocalTime } from '@/components/ui/local-time';
import { AttestrError } from '@/lib/attestr/errors';
import { requirePageUser } from '@/lib/api/page-user';
import { getEnv } from '@/lib/env';
import { can, lockedFieldReasons } from '@/lib/shared/permissions';
import { profileIdFromAddress, profileIdProblem } from '@/lib/shared/profile-id';
import { noteProfileOpened } from '@/lib/profiles/profile-index-notes';
import { getProfile } from '@/lib/profiles/get-profile';
import { isAttemptId } from '@/lib/updates/attempt-id';
import { getFormPrefill } from '@/lib/audit/history';
import { profileHistoryView } from '@/lib/api/profile-history';

type Props = {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: 'Edit profile' };

export default async function ProfilePage({ params, searchParams }: Props) {
  const [{ profileId: segment }, query, user] = await Promise.all([params, searchParams, requirePageUser()]);
  if (!can(user.role, 'profile:view')) return <AccessDenied what="profiles" />;
  // The address holds the id percent-encoded; the person is shown, and told about, what they typed.
  const profileId = profileIdFromAddress(segment);
  // Said plainly here: "not found" would claim that Attestr was asked.
  const problem = profileIdProblem(profileId);
  if (problem) return <InvalidProfileId profileId={profileId} problem={problem} />;
  let loaded: Awaited<ReturnType<typeof getProfile>>;
  try {
    loaded = await getProfile(profileId);
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    if (error.code === 40018) notFound();
    return <ProfileLoadError profileId={profileId} error={error} />;
  }
  await noteProfileOpened({ userId: user.id, profileId });
  const viewer = { userId: user.id, role: user.role };
  const from = typeof query.from === 'string' && isAttemptId(query.from) ? query.from : undefined;
  const [prefill, history] = await Promise.all([
    from ? getFormPrefill({ viewer, profileId, attemptId: from }) : undefined,
    can(user.role, 'history:view') ? profileHistoryView({ viewer, profileId }) : undefined,
  ]);
  return (
    <div className="flex flex-col gap-6">
      {prefill ? (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950">
          The form holds the values of{' '}
          <a href={`/updates/${prefill.attemptId}`} className="font-semibold underline">
            an update that did not go through
          </a>{' '}
          (<LocalTime ms={prefill.createdAt} />
          ). They are not saved yet: check them against what Attestr holds now, correct them, then save.
        </p>
      ) : null}
      <ProfileEditor
        key={profileId}
        initial={loaded}
        lockedFields={lockedFieldReasons(user.role)}
        phoneRegion={getEnv().DEFAULT_PHONE_REGION}
        {...(prefill ? { prefill: prefill.values } : {})}
      />
      {history ? <ProfileHistory profileId={profileId} initial={history} /> : null}
    </div>
  );
}
