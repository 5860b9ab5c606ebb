import type { ReactNode } from 'react';

import { ConsoleHeader } from '@/components/console-header';
import { Providers } from '@/components/providers';
import { requirePageUser } from '@/lib/api/page-user';
import { isSandboxMode } from '@/lib/env';
import { openFailureCount, showsOpenFailureCount } from '@/lib/updates/inbox';
import { MAIN_CONTENT_ID } from '@/components/site-header';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const openFailures = showsOpenFailureCount(user.role) ? await openFailureCount(user.id, user.role) : null;
  // The query cache lives only behind sign-in: the sign-in page loads none of it.
  return (
    <Providers>
      <ConsoleHeader user={user} sandbox={isSandboxMode()} openFailures={openFailures} />
      <main id={MAIN_CONTENT_ID} tabIndex={-1} className="focus:outline-none mx-auto max-w-5xl px-4 py-8">
        {children}
      </main>
    </Providers>
  );
}
