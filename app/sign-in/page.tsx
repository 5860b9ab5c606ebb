import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { SignInForm } from '@/components/auth/sign-in-form';
import { SandboxBadge } from '@/components/site-header';
import { SANDBOX_DEMO_PASSWORD, SANDBOX_DEMO_USERS } from '@/lib/shared/demo-accounts';
import { DEFAULT_AFTER_SIGN_IN, sameOriginPath } from '@/lib/auth/next-path';
import { getPageUser } from '@/lib/api/page-user';
import { getConsoleOrigin, isSandboxMode } from '@/lib/env';
import { ROLE_LABELS } from '@/lib/shared/permissions';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignInPage({ searchParams }: Props) {
  const { next } = await searchParams;
  const target = sameOriginPath(next, getConsoleOrigin()) ?? DEFAULT_AFTER_SIGN_IN;
  if (await getPageUser()) redirect(target);
  const sandbox = isSandboxMode();
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-6 px-4 py-12">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Attestr Profile Console</h1>
        {sandbox ? <SandboxBadge /> : null}
      </div>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="mb-4 text-lg font-semibold">Sign in</h2>
        <SignInForm next={target} />
      </div>
      {sandbox ? (
        <section aria-labelledby="demo-users" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm">
          <h2 id="demo-users" className="mb-2 font-semibold">
            Sandbox demo accounts
          </h2>
          <p className="mb-2 text-slate-700">
            Password for each: <code className="font-mono">{SANDBOX_DEMO_PASSWORD}</code>
          </p>
          <ul className="grid gap-1">
            {SANDBOX_DEMO_USERS.map((user) => (
              <li key={user.email}>
                <code className="font-mono">{user.email}</code> — {ROLE_LABELS[user.role]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}
