import type { Metadata } from 'next';

import { ChangePasswordForm } from '@/components/admin/change-password-form';
import { requirePageUser } from '@/lib/api/page-user';
import { isRole, ROLE_LABELS } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Your account</h1>
        <dl className="mt-3 grid grid-cols-[6rem_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd className="font-medium">{user.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd className="font-medium [overflow-wrap:anywhere]">{user.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd className="font-medium">{isRole(user.role) ? ROLE_LABELS[user.role] : 'No role'}</dd>
        </dl>
      </div>
      <ChangePasswordForm />
    </div>
  );
}
