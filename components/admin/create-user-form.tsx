'use client';

import { useId, type FormEvent } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { Field, inputClass, PasswordInput } from '@/components/admin/fields';
import { Outcome, type ActionProps } from '@/components/admin/outcome';
import { Button } from '@/components/ui/button';
import type { ApiError } from '@/lib/shared/api-types';
import { ROLE_LABELS, ROLES } from '@/lib/shared/permissions';
import { useUserMutation, userRequests } from '@/lib/queries/users';
import type { UserFormField } from '@/lib/shared/user-fields';

/** Adds a person: name, email, role and initial password, each refusal shown beside its field. */
export function CreateUserForm({ latest, notice, onStart, onNotice }: ActionProps) {
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
        <RoleField id={`${id}-role`} error={fieldError('role')} />
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

/** The new person's role, to choose: there is no default. */
function RoleField({ id, error }: { id: string; error: string | undefined }) {
  return (
    <Field id={id} label="Role" hint="What they may do; there is no default." error={error}>
      {(described) => (
        <select id={id} name="role" defaultValue="" className={`${inputClass(error)} bg-white`} {...described}>
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
  );
}
