import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ProfileEditor } from '@/components/profiles/profile-editor';
import { ProfileLoadError } from '@/components/profiles/profile-load-error';
import { AttestrError } from '@/lib/attestr/errors';
import { requirePageUser } from '@/lib/auth/session';
import { lockedFieldReasons } from '@/lib/permissions';
import { isProfileId } from '@/lib/profiles/profile-id';
import { getProfile } from '@/lib/profiles/service';

type Props = { params: Promise<{ profileId: string }> };

export const metadata: Metadata = { title: 'Edit profile' };

export default async function ProfilePage({ params }: Props) {
  const [{ profileId }, user] = await Promise.all([params, requirePageUser()]);
  if (!isProfileId(profileId)) notFound();
  let loaded: Awaited<ReturnType<typeof getProfile>>;
  try {
    loaded = await getProfile(profileId);
  } catch (error) {
    if (!(error instanceof AttestrError)) throw error;
    if (error.code === 40018) notFound();
    return <ProfileLoadError profileId={profileId} error={error} />;
  }
  return <ProfileEditor key={profileId} initial={loaded} lockedFields={lockedFieldReasons(user.role)} />;
}
