'use client';

import { useId, useState, type FormEvent } from 'react';

import { isSessionEnded, SignInAgainLink } from '@/components/auth/sign-in-again-link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ROLE_LABELS, ROLES, isRole } from '@/lib/permissions';
import { useUserMutation, userRequests, useUsers } from '@/lib/queries/users';
import type { ApiRequestError } from '@/lib/queries/api-client';
import type { ConsoleUser } from '@/lib/users/schema';

function errorText(error: ApiRequestError | null): string | null {
  if (!error) return null;
  const fields = Object.values(error.error.fieldErrors ?? {});
  return [error.error.message, ...fields, error.error.details].filter(Boolean).join('. ');
}

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  const [notice, setNotice] = useState<string | null>(null);
  // The row (by user id) or form that acted last: only its error is shown, so an error never
  // stays up beside the outcome of a later action.
  const [lastAction, setLastAction] = useState<string | null>(null);
  const startAction = (key: string) => {
    setLastAction(key);
    setNotice(null);
  };
  return (
    <div className="flex flex-col gap-6">
      <p aria-live="polite" className="text-sm font-medium text-emerald-800">
        {notice}
      </p>
      <section aria-labelledby="users-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="users-heading" className="mb-3 text-base font-semibold">
          People
        </h2>
        {users.isPending ? (
          <p role="status">Loading users…</p>
        ) : users.error ? (
          <>
            <p role="alert" className="text-rose-800">
              {errorText(users.error)}
            </p>
            {isSessionEnded(users.error.error) ? (
              <SignInAgainLink>come back to this tab and reload the page.</SignInAgainLink>
            ) : null}
          </>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3">
                  Name
                </th>
                <th scope="col" className="py-2 pr-3">
                  Email
                </th>
                <th scope="col" className="py-2 pr-3">
                  Role
                </th>
                <th scope="col" className="py-2 pr-3">
                  Status
                </th>
                <th scope="col" className="py-2">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <UserRow
                  key={user.id}
                  user={user}
                  self={user.id === currentUserId}
                  latest={lastAction === user.id}
                  onStart={() => startAction(user.id)}
                  onNotice={setNotice}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateUserForm latest={lastAction === 'create'} onStart={() => startAction('create')} onNotice={setNotice} />
    </div>
  );
}

/** What a row or form needs to know and say about the admin's latest action. */
type ActionProps = {
  /** This row or form acted last: its error, if any, is the one to show. */
  latest: boolean;
  onStart: () => void;
  onNotice: (text: string) => void;
};

function UserRow({ user, self, latest, onStart, onNotice }: { user: ConsoleUser; self: boolean } & ActionProps) {
  const change = useUserMutation(userRequests.change);
  const resetPassword = useUserMutation(userRequests.resetPassword);
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState(false);
  const id = useId();
  // Each action forgets the other's outcome, so the error shown is the latest action's.
  const startChange = () => {
    onStart();
    resetPassword.reset();
  };
  const startReset = () => {
    onStart();
    change.reset();
  };
  const failure = latest ? (change.error ?? resetPassword.error) : null;
  return (
    <tr className="border-t border-slate-100 align-top">
      <th scope="row" className="py-2 pr-3 font-medium">
        {user.name} {self ? <span className="text-xs text-slate-500">(you)</span> : null}
      </th>
      <td className="py-2 pr-3">{user.email}</td>
      <td className="py-2 pr-3">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {user.name}
        </label>
        <select
          id={`${id}-role`}
          value={isRole(user.role) ? user.role : ''}
          disabled={self || change.isPending}
          onChange={(event) => {
            // Read now: by the time the change is saved, React has put the select back to the
            // role the list still shows, so event.target.value would name the old role.
            const role = event.target.value;
            startChange();
            change.mutate(
              { userId: user.id, role },
              { onSuccess: () => onNotice(`${user.name} is now ${isRole(role) ? ROLE_LABELS[role] : role}.`) },
            );
          }}
          className="rounded-md border border-slate-300 px-2 py-1"
        >
          {isRole(user.role) ? null : <option value="">No role</option>}
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </td>
      <td className="py-2 pr-3">
        {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
      </td>
      <td className="flex flex-col gap-2 py-2">
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            disabled={self || change.isPending}
            onClick={() => {
              startChange();
              change.mutate(
                { userId: user.id, disabled: !user.disabled },
                { onSuccess: () => onNotice(`${user.name} is ${user.disabled ? 'enabled' : 'disabled'}.`) },
              );
            }}
          >
            {user.disabled ? `Enable ${user.name}` : `Disable ${user.name}`}
          </Button>
          <Button variant="secondary" onClick={() => setResetting((open) => !open)}>
            Reset password
          </Button>
        </div>
        {resetting ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              startReset();
              resetPassword.mutate(
                { userId: user.id, password },
                {
                  onSuccess: () => {
                    setPassword('');
                    setResetting(false);
                    onNotice(`New password set for ${user.name}; they are signed out everywhere.`);
                  },
                },
              );
            }}
          >
            <label className="flex flex-col text-xs">
              New password for {user.name}
              <input
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                className="rounded-md border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
            <Button type="submit" disabled={resetPassword.isPending}>
              Set password
            </Button>
          </form>
        ) : null}
        {failure ? (
          <p role="alert" className="text-xs text-rose-800">
            {errorText(failure)}
          </p>
        ) : null}
        {isSessionEnded(failure?.error) ? (
          <SignInAgainLink>come back to this tab and try again.</SignInAgainLink>
        ) : null}
      </td>
    </tr>
  );
}

function CreateUserForm({ latest, onStart, onNotice }: ActionProps) {
  const create = useUserMutation(userRequests.create);
  const id = useId();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
    onStart();
    create.mutate(
      { name: data.name ?? '', email: data.email ?? '', role: data.role ?? '', password: data.password ?? '' },
      {
        onSuccess: () => {
          onNotice(`${data.name} can now sign in.`);
          form.reset();
        },
      },
    );
  }
  const field = 'flex flex-col gap-1 text-sm font-medium';
  const input = 'rounded-md border border-slate-300 px-3 py-2 text-sm font-normal shadow-sm';
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-heading`} className="mb-3 text-base font-semibold">
        Add a user
      </h2>
      <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2">
        <label className={field}>
          Name
          <input name="name" required className={input} autoComplete="off" />
        </label>
        <label className={field}>
          Email
          <input name="email" type="email" required className={input} autoComplete="off" />
        </label>
        <label className={field}>
          Role
          <select name="role" required defaultValue="support" className={input}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <label className={field}>
          Initial password
          <input
            name="password"
            type="password"
            required
            minLength={12}
            className={input}
            autoComplete="new-password"
          />
        </label>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={create.isPending}>
            Add user
          </Button>
          {latest && create.error ? (
            <p role="alert" className="text-sm text-rose-800">
              {errorText(create.error)}
            </p>
          ) : null}
          {latest && isSessionEnded(create.error?.error) ? (
            <SignInAgainLink>come back to this tab and add the user again.</SignInAgainLink>
          ) : null}
        </div>
      </form>
    </section>
  );
}
