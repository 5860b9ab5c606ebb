'use client';

import { useId, useState, type FormEvent } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { PasswordInput } from '@/components/admin/fields';
import { Button } from '@/components/ui/button';
import { useChangeOwnPassword } from '@/lib/queries/users';

/** Any signed-in person changes their own password, proving it with the current one. */
export function ChangePasswordForm() {
  const change = useChangeOwnPassword();
  const [done, setDone] = useState(false);
  const id = useId();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setDone(false);
    change.mutate(
      {
        currentPassword: String(data.get('currentPassword') ?? ''),
        newPassword: String(data.get('newPassword') ?? ''),
      },
      {
        onSuccess: () => {
          form.reset();
          setDone(true);
        },
      },
    );
  }
  const error = change.error?.error;
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-heading`} className="text-base font-semibold">
        Change your password
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        You stay signed in here; anywhere else you are signed in (another browser or device) is signed out.
      </p>
      <form noValidate onSubmit={onSubmit} className="mt-4 flex max-w-sm flex-col gap-3">
        <PasswordInput
          id={`${id}-current`}
          name="currentPassword"
          label="Current password"
          autoComplete="current-password"
          rule={null}
          error={error?.fieldErrors?.currentPassword}
        />
        <PasswordInput
          id={`${id}-new`}
          name="newPassword"
          label="New password"
          error={error?.fieldErrors?.newPassword}
        />
        <div>
          <Button type="submit" disabled={change.isPending}>
            Change password
          </Button>
        </div>
        <p aria-live="polite" className="text-sm font-medium text-emerald-800 empty:hidden">
          {done ? 'Your password is changed. Other sessions are signed out.' : ''}
        </p>
        {error ? (
          <ActionError error={error} shownBesideFields afterSignIn="come back to this tab and try again." />
        ) : null}
      </form>
    </section>
  );
}
