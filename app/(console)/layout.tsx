import type { ReactNode } from 'react';

import { Providers } from '@/components/providers';
import { SiteHeader } from '@/components/site-header';
import { requirePageUser } from '@/lib/auth/session';
import { isSandboxMode } from '@/lib/env';
import { can, isRole, ROLE_LABELS } from '@/lib/permissions';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  // The query cache lives only behind sign-in: the sign-in page loads none of it.
  return (
    <Providers>
      <SiteHeader
        sandbox={isSandboxMode()}
        user={{ name: user.name, roleLabel: isRole(user.role) ? ROLE_LABELS[user.role] : 'No role' }}
        showUsers={can(user.role, 'users:manage')}
      />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </Providers>
  );
}
