import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { AccessDenied } from '@/components/access-denied';
import { ImportProgress } from '@/components/profile-import/import-progress';
import { requirePageUser } from '@/lib/api/page-user';
import { DomainError } from '@/lib/errors/domain-error';
import { getProfileImportProgress } from '@/lib/profiles/imports';
import { can } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Profile import' };

type Props = { params: Promise<{ importId: string }> };

export default async function ProfileImportProgressPage({ params }: Props) {
  const user = await requirePageUser();
  if (!can(user.role, 'profiles:import')) return <AccessDenied what="profile imports" />;
  const { importId } = await params;
  const progress = await getProfileImportProgress({
    viewer: { userId: user.id, role: user.role },
    importId,
  }).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'PROFILE_IMPORT_NOT_FOUND') return null;
    throw error;
  });
  if (!progress) notFound();
  return <ImportProgress key={progress.import.id} initial={progress} />;
}
