'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmStep } from '@/components/ui/confirm-step';
import type { ApiError } from '@/lib/shared/api-types';
import { ROLE_LABELS, ROLES, isRole } from '@/lib/shared/permissions';
import { useUserMutation, userRequests, useUsers } from '@/lib/queries/users';
import { PASSWORD_RULE, type UserFormField } from '@/lib/shared/user-fields';
import type { ConsoleUser } from '@/lib/users/schema';

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : 'No role');

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  // The row (by user id) or form that acted last: only its outcome, success or error, is shown,
  // beside what was acted on, so nothing stays up beside the outcome of a later action.
  const [lastAction, setLastAction] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const startAction = (key: string) => {
    setLastAction(key);
    setNotice(null);
  };
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="users-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="users-heading" className="mb-3 text-base font-semibold">
          People
        </h2>
        {users.isPending ? (
          <p role="status">Loading users…</p>
        ) : users.error ? (
          <ActionError error={users.error.error} afterSignIn="come back to this tab and reload the page." />
        ) : (
          // Narrow screens: each person is a card (rows stacked), wide ones: a table.
          <div>
            <table className="block w-full text-left text-sm md:table">
              <thead className="hidden text-xs uppercase text-slate-500 md:table-header-group">
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
              <tbody className="block md:table-row-group">
                {users.data.users.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    self={user.id === currentUserId}
                    latest={lastAction === user.id}
                    notice={lastAction === user.id ? notice : null}
                    onStart={() => startAction(user.id)}
                    onNotice={setNotice}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateUserForm
        latest={lastAction === 'create'}
        notice={lastAction === 'create' ? notice : null}
        onStart={() => startAction('create')}
        onNotice={setNotice}
      />
    </div>
  );
}

/** What a row or form needs to know and say about the admin's latest action. */
type ActionProps = {
  /** This row or form acted last: its error, if any, is the one to show. */
  latest: boolean;
  /** The success of this row's or form's latest action, said beside it. */
  notice: string | null;
  onStart: () => void;
  onNotice: (text: string) => void;
};

/**
 * The outcome of an action, where it was taken: a polite live region that is always there, so
 * assistive technology hears each new text. When asked to, it also takes the focus and scrolls
 * into view, so a person whose confirm step has just closed sees what happened.
 */
function Outcome({ text, focus = false }: { text: string | null; focus?: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!text || !focus || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: 'nearest' });
  }, [text, focus]);
  return (
    <p
      ref={ref}
      role="status"
      tabIndex={-1}
      className="text-sm font-medium text-emerald-800 outline-none empty:hidden focus-visible:ring-2 focus-visible:ring-indigo-500"
    >
      {text}
    </p>
  );
}

function UserRow({
  user,
  self,
  latest,
  notice,
  onStart,
  onNotice,
}: { user: ConsoleUser; self: boolean } & ActionProps) {
  const change = useUserMutation(userRequests.change);
  const resetPassword = useUserMutation(userRequests.resetPassword);
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState(false);
  // Choosing in the select only picks the new role; nothing is saved until it is confirmed.
  const [draftRole, setDraftRole] = useState(user.role);
  const [confirming, setConfirming] = useState<'role' | 'disable' | null>(null);
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
  const passwordError = failure === resetPassword.error ? failure?.error.fieldErrors?.password : undefined;
  const roleChanged = draftRole !== user.role && isRole(draftRole);

  function confirmRole() {
    startChange();
    change.mutate(
      { userId: user.id, role: draftRole },
      {
        onSuccess: () => onNotice(`${user.name} is now ${roleLabel(draftRole)}.`),
        onSettled: () => setConfirming(null),
      },
    );
  }

  function toggleDisabled() {
    startChange();
    change.mutate(
      { userId: user.id, disabled: !user.disabled },
      {
        onSuccess: () => onNotice(`${user.name} is ${user.disabled ? 'enabled' : 'disabled'}.`),
        onSettled: () => setConfirming(null),
      },
    );
  }

  return (
    <tr className="flex flex-col gap-2 border-t border-slate-100 py-3 align-top md:table-row md:py-0">
      <th scope="row" className="font-medium md:py-2 md:pr-3">
        {user.name} {self ? <span className="text-xs text-slate-500">(you)</span> : null}
      </th>
      {/* break-words, not anywhere: an email breaks mid-word only when it cannot fit a line at all. */}
      <td className="break-words md:py-2 md:pr-3">{user.email}</td>
      <td className="md:py-2 md:pr-3">
        <div className="flex flex-col items-start gap-2">
          <label htmlFor={`${id}-role`} className="sr-only">
            Role of {user.name}
          </label>
          <select
            id={`${id}-role`}
            value={isRole(draftRole) ? draftRole : ''}
            disabled={self || change.isPending || confirming === 'role'}
            onChange={(event) => setDraftRole(event.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1"
          >
            {isRole(user.role) ? null : <option value="">No role</option>}
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          {roleChanged && confirming !== 'role' ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" className="px-3 py-1" onClick={() => setConfirming('role')}>
                Change role
              </Button>
              <Button variant="secondary" className="px-3 py-1" onClick={() => setDraftRole(user.role)}>
                Undo
              </Button>
            </div>
          ) : null}
        </div>
      </td>
      <td className="md:py-2 md:pr-3">
        {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
      </td>
      <td className="flex flex-col gap-2 md:py-2">
        {confirming === 'role' ? (
          <ConfirmStep
            label={`Confirm role change for ${user.name}`}
            confirmLabel={`Make ${roleLabel(draftRole)}`}
            pending={change.isPending}
            onConfirm={confirmRole}
            onCancel={() => {
              setConfirming(null);
              setDraftRole(user.role);
            }}
          >
            Change {user.name} from {roleLabel(user.role)} to {roleLabel(draftRole)}? It counts from their next click.
          </ConfirmStep>
        ) : null}
        {confirming === 'disable' ? (
          <ConfirmStep
            label={`Confirm disabling ${user.name}`}
            confirmLabel="Disable now"
            cancelLabel="Keep active"
            pending={change.isPending}
            onConfirm={toggleDisabled}
            onCancel={() => setConfirming(null)}
          >
            Disable {user.name}? They are signed out at once and cannot sign in until the account is enabled again.
          </ConfirmStep>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {confirming === 'disable' ? null : (
            <Button
              variant="secondary"
              disabled={self || change.isPending}
              // Enabling gives nothing away, so only disabling asks first.
              onClick={() => (user.disabled ? toggleDisabled() : setConfirming('disable'))}
            >
              {user.disabled ? `Enable ${user.name}` : `Disable ${user.name}`}
            </Button>
          )}
          <Button variant="secondary" aria-expanded={resetting} onClick={() => setResetting((open) => !open)}>
            Reset password
          </Button>
        </div>
        {resetting ? (
          <form
            noValidate
            className="flex flex-wrap items-start gap-2"
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
            <PasswordInput
              id={`${id}-password`}
              label={`New password for ${user.name}`}
              value={password}
              onChange={setPassword}
              error={passwordError}
              small
            />
            <Button type="submit" className="mt-4" disabled={resetPassword.isPending}>
              Set password
            </Button>
          </form>
        ) : null}
        {failure ? (
          <ActionError
            error={failure.error}
            shownBesideFields={failure === resetPassword.error}
            afterSignIn="come back to this tab and try again."
          />
        ) : null}
        <Outcome text={notice} focus />
      </td>
    </tr>
  );
}

/** A password input with the rule beside it and, after a refusal, the error linked to it. */
export function PasswordInput({
  id,
  label,
  name,
  value,
  onChange,
  error,
  autoComplete = 'new-password',
  rule = PASSWORD_RULE,
  small = false,
}: {
  id: string;
  label: string;
  name?: string;
  value?: string;
  onChange?: (value: string) => void;
  error?: string;
  autoComplete?: string;
  /** The rule shown under the field; null for a field that only has to match (the current password). */
  rule?: string | null;
  small?: boolean;
}) {
  return (
    <Field id={id} label={label} hint={rule ?? undefined} error={error} small={small}>
      {(described) => (
        <input
          id={id}
          name={name}
          type="password"
          autoComplete={autoComplete}
          {...(onChange ? { value, onChange: (event) => onChange(event.target.value) } : {})}
          {...described}
          className={inputClass(error, small)}
        />
      )}
    </Field>
  );
}

function inputClass(error: string | undefined, small = false): string {
  return `rounded-md border font-normal shadow-sm ${small ? 'px-2 py-1 text-sm' : 'px-3 py-2 text-sm'} ${
    error ? 'border-rose-500 ring-1 ring-rose-500' : 'border-slate-300'
  }`;
}

/** A label, a control, its hint and its error, wired together for assistive technology. */
export function Field({
  id,
  label,
  hint,
  error,
  small = false,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  small?: boolean;
  children: (described: { 'aria-describedby'?: string; 'aria-invalid'?: true }) => ReactNode;
}) {
  // A refusal replaces the hint: its message already says what the rule asks for.
  const shownHint = error ? undefined : hint;
  const describedBy = [shownHint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`flex flex-col gap-1 ${small ? 'text-xs' : 'text-sm'} font-medium`}>
      <label htmlFor={id}>{label}</label>
      {children({
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {shownHint ? (
        <p id={`${id}-hint`} className="text-xs font-normal text-slate-500">
          {shownHint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-rose-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function CreateUserForm({ latest, notice, onStart, onNotice }: ActionProps) {
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
  const error: ApiError | undefined = latest ? (create.error?.error ?? undefined) : undefined;
  const fieldError = (field: UserFormField) => error?.fieldErrors?.[field];
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id={`${id}-heading`} className="mb-3 text-base font-semibold">
        Add a user
      </h2>
      {/* noValidate: every refusal is shown beside its field, the same way, from the server's answer. */}
      <form noValidate onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-2">
        <Field id={`${id}-name`} label="Name" error={fieldError('name')}>
          {(described) => (
            <input
              id={`${id}-name`}
              name="name"
              className={inputClass(fieldError('name'))}
              autoComplete="off"
              {...described}
            />
          )}
        </Field>
        <Field id={`${id}-email`} label="Email" error={fieldError('email')}>
          {(described) => (
            <input
              id={`${id}-email`}
              name="email"
              type="email"
              className={inputClass(fieldError('email'))}
              autoComplete="off"
              {...described}
            />
          )}
        </Field>
        <Field id={`${id}-role`} label="Role" hint="What they may do; there is no default." error={fieldError('role')}>
          {(described) => (
            <select
              id={`${id}-role`}
              name="role"
              defaultValue=""
              className={`${inputClass(fieldError('role'))} bg-white`}
              {...described}
            >
              <option value="" disabled>
                Choose a role…
              </option>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <PasswordInput id={`${id}-password`} name="password" label="Initial password" error={fieldError('password')} />
        <div className="flex flex-col gap-3 sm:col-span-2">
          <div>
            <Button type="submit" disabled={create.isPending}>
              Add user
            </Button>
          </div>
          {error ? (
            <ActionError error={error} shownBesideFields afterSignIn="come back to this tab and add the user again." />
          ) : null}
          <Outcome text={notice} />
        </div>
      </form>
    </section>
  );
}
