import { connection } from 'next/server';
import type { ReactNode } from 'react';

import { SiteHeader } from '@/components/site-header';
import { isSandboxMode } from '@/lib/env';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the sandbox badge follows the running configuration, not the build's.
  await connection();
  return (
    <>
      <SiteHeader sandbox={isSandboxMode()} />
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
