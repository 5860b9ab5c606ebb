import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AccessDenied } from '@/components/access-denied';
import { InvalidProfileId } from '@/components/profiles/invalid-profile-id';
import { ProfileEditor } from '@/components/profiles/profile-editor';
import { ProfileLoadError } from '@/components/profiles/profile-load-error';
import { AttestrError } from '@/lib/attestr/errors';
import { requirePageUser } from '@/lib/auth/session';
import { can, lockedFieldReasons } from '@/lib/permissions';
import { profileIdProblem } from '@/lib/profiles/profile-id';
import { noteProfileOpened } from '@/lib/profiles/seen';
import { getProfile } from '@/lib/profiles/service';

type Props = { params: Promise<{ profileId: string }> };

export const metadata: Metadata = { title: 'Edit profile' };

export default async function ProfilePage({ params }: Props) {
  const [{ profileId }, user] = await Promise.all([params, requirePageUser()]);
  if (!can(user.role, 'profile:view')) return <AccessDenied what="profiles" />;
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
  return <ProfileEditor key={profileId} initial={loaded} lockedFields={lockedFieldReasons(user.role)} />;
}
