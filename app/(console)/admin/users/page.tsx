import type { Metadata } from 'next';

import { AccessDenied } from '@/components/access-denied';
import { UsersAdmin } from '@/components/admin/users-admin';
import { requirePageUser } from '@/lib/api/page-user';
import { can } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = await requirePageUser();
  if (!can(user.role, 'users:manage')) return <AccessDenied what="user management" />;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          Who can use the console, and what their role lets them do. Changes take effect on each person’s next click.
        </p>
      </div>
      <UsersAdmin currentUserId={user.id} />
    </div>
  );
}
