import type { Metadata } from 'next';

import { AccessDenied } from '@/components/access-denied';
import { ImportUpload } from '@/components/profile-import/import-upload';
import { ImportsList } from '@/components/profile-import/imports-list';
import { requirePageUser } from '@/lib/api/page-user';
import { listProfileImports } from '@/lib/profiles/imports';
import { can } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Import profile IDs' };

export default async function ProfileImportPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'profiles:import')) return <AccessDenied what="profile imports" />;
  const imports = await listProfileImports({ viewer: { userId: user.id, role: user.role } });
  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Import profile IDs</h1>
        <p className="mt-1 text-sm text-slate-600">
          Attestr cannot list a company’s profiles, so Find a profile knows only those the console has seen. Teach it
          your directory: import a file of profile IDs, and each profile is read from Attestr and can then be found by
          name, tag or number.
        </p>
      </div>
      <ImportUpload />
      <ImportsList imports={imports} />
    </div>
  );
}
