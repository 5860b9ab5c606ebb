'use client';

import { useState } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { CreateUserForm } from '@/components/admin/create-user-form';
import { UserRow } from '@/components/admin/user-row';
import type { OpenConfirmation } from '@/components/admin/use-user-row';
import { useUsers } from '@/lib/queries/users';

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const users = useUsers();
  // The row (by user id) or form that acted last: only its outcome, success or error, is shown,
  // beside what was acted on, so nothing stays up beside the outcome of a later action.
  const [lastAction, setLastAction] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // One confirmation open on the page at a time: opening one in a row closes any other.
  const [confirmation, setConfirmation] = useState<OpenConfirmation | null>(null);
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
            <table className="block w-full text-left text-sm md:table md:table-fixed">
              {/* Fixed widths: a confirmation opening in a row moves no column. */}
              <colgroup className="hidden md:table-column-group">
                <col className="md:w-[15%]" />
                <col className="md:w-[21%]" />
                <col className="md:w-[16%]" />
                <col className="md:w-[10%]" />
                <col className="md:w-[15%]" />
                <col className="md:w-[23%]" />
              </colgroup>
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
                  <th scope="col" className="py-2 pr-3">
                    Last sign-in
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
                    confirmation={confirmation}
                    onConfirmation={setConfirmation}
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
