import type { ReactNode } from 'react';

import { ConsoleHeader } from '@/components/console-header';
import { Providers } from '@/components/providers';
import { requirePageUser } from '@/lib/auth/session';
import { isSandboxMode } from '@/lib/env';
import { openFailureCount, showsOpenFailureCount } from '@/lib/updates/open-failure-count';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const openFailures = showsOpenFailureCount(user.role) ? await openFailureCount(user.id, user.role) : null;
  // The query cache lives only behind sign-in: the sign-in page loads none of it.
  return (
    <Providers>
      <ConsoleHeader user={user} sandbox={isSandboxMode()} openFailures={openFailures} />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </Providers>
  );
}
