import { SiteHeader } from '@/components/site-header';
import type { SessionUser } from '@/lib/auth/session';
import { can, isRole, ROLE_LABELS } from '@/lib/permissions';

/** The console's header for a signed-in person: their name, role and the menu their role allows. */
export function ConsoleHeader({ user, sandbox }: { user: SessionUser; sandbox: boolean }) {
  return (
    <SiteHeader
      sandbox={sandbox}
      user={{ name: user.name, roleLabel: isRole(user.role) ? ROLE_LABELS[user.role] : 'No role' }}
      showUsers={can(user.role, 'users:manage')}
    />
  );
}
