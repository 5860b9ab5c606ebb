import type { Metadata } from 'next';
import Link from 'next/link';

import { FindProfile } from '@/components/profiles/find-profile';
import { OpenProfileForm } from '@/components/profiles/open-profile-form';
import { RecentProfiles } from '@/components/profiles/recent-profiles';
import { requirePageUser } from '@/lib/api/page-user';
import { isSandboxMode } from '@/lib/env';
import { can } from '@/lib/shared/permissions';
import { recentProfilesOf } from '@/lib/profiles/recent';
import { listSandboxDemoProfiles } from '@/lib/profiles/sandbox-demo';

export const metadata: Metadata = { title: 'Profiles' };

export default async function ProfilesPage() {
  const user = await requirePageUser();
  const demo = isSandboxMode() ? await listSandboxDemoProfiles() : [];
  const recent = await recentProfilesOf({ userId: user.id });
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Profiles</h1>
        <p className="mt-1 text-sm text-slate-600">
          Find a background-check profile by its name, email, mobile, tag or number, or open it by its Attestr profile
          ID, to {can(user.role, 'profile:update') ? 'view and edit' : 'view'} its basic information.
        </p>
        {can(user.role, 'profiles:import') ? (
          <p className="mt-1 text-sm text-slate-600">
            To find people the console has not seen yet,{' '}
            <Link href="/profiles/import" className="font-semibold text-indigo-700 underline underline-offset-2">
              import profile IDs
            </Link>{' '}
            from your directory.
          </p>
        ) : null}
      </div>
      <section aria-label="Find a profile" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <FindProfile />
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <OpenProfileForm />
      </section>
      <section aria-labelledby="recent-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="recent-heading" className="mb-2 text-base font-semibold">
          Recently opened
        </h2>
        <RecentProfiles profiles={recent} />
      </section>
      {demo.length > 0 ? (
        <section aria-labelledby="demo-heading" className="rounded-lg border border-amber-200 bg-amber-50 p-4">
          <h2 id="demo-heading" className="mb-2 text-base font-semibold">
            Sandbox demo profiles
          </h2>
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {demo.map((profile) => (
              <li key={profile.id}>
                <Link href={`/profiles/${profile.id}`} className="text-indigo-700 underline underline-offset-2">
                  {profile.name}
                </Link>{' '}
                <span className="font-mono text-xs text-slate-500">{profile.id}</span>
                {profile.archived ? <span className="ml-1 text-xs text-rose-700">(archived)</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
