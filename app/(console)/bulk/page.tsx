import type { Metadata } from 'next';

import { AccessDenied } from '@/components/access-denied';
import { BulkJobsList } from '@/components/bulk/bulk-jobs-list';
import { BulkUpload } from '@/components/bulk/bulk-upload';
import { requirePageUser } from '@/lib/api/page-user';
import { getLastBulkMapping, listBulkJobs } from '@/lib/bulk/service';
import { can, editableFields } from '@/lib/shared/permissions';
import { PROFILE_FIELD_LABELS } from '@/lib/shared/profile-fields';

export const metadata: Metadata = { title: 'Bulk updates' };

const inWords = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export default async function BulkPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'bulk:view')) return <AccessDenied what="bulk updates" />;
  const mayUpdate = can(user.role, 'bulk:update');
  const viewer = { userId: user.id, role: user.role };
  const [jobs, lastMapping] = await Promise.all([
    listBulkJobs({ viewer }),
    mayUpdate ? getLastBulkMapping({ userId: user.id }) : null,
  ]);
  const fields = editableFields(user.role).map((field) => PROFILE_FIELD_LABELS[field]);

  return (
    <div className="flex min-w-0 flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Bulk updates</h1>
        <p className="mt-1 text-sm text-slate-600">
          {mayUpdate
            ? 'Change many profiles at once from a CSV file. The file is checked here first; then the console sends it line by line in the background.'
            : 'Changes made to many profiles at once from a CSV file, and how each went. Your role can view them but not start one.'}
        </p>
      </div>
      {mayUpdate ? (
        <BulkUpload role={user.role} lastMapping={lastMapping} editableFieldsText={inWords(fields)} />
      ) : null}
      <BulkJobsList jobs={jobs} ownOnly={user.role === 'support'} />
    </div>
  );
}
