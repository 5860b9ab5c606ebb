import { SiteHeader } from '@/components/site-header';
import type { SessionUser } from '@/lib/auth/session';
import { can, isRole, ROLE_LABELS } from '@/lib/shared/permissions';

/** The console's header for a signed-in person: their name, role and the menu their role allows. */
export function ConsoleHeader({
  user,
  sandbox,
  openFailures = null,
}: {
  user: SessionUser;
  sandbox: boolean;
  /** The count of open failures, for a role that deals with them; null for the others. */
  openFailures?: number | null;
}) {
  return (
    <SiteHeader
      sandbox={sandbox}
      user={{ name: user.name, roleLabel: isRole(user.role) ? ROLE_LABELS[user.role] : 'No role' }}
      showUsers={can(user.role, 'users:manage')}
      showUpdates={can(user.role, 'updates:view')}
      showBulk={can(user.role, 'bulk:view')}
      openFailures={openFailures}
    />
  );
}
