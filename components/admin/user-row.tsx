'use client';

import { useId } from 'react';

import { ActionError } from '@/components/admin/action-error';
import { Outcome, type ActionProps } from '@/components/admin/outcome';
import { ResetPasswordForm } from '@/components/admin/reset-password-form';
import { RolePicker } from '@/components/admin/role-picker';
import { roleLabel, useUserRow, type OpenConfirmation } from '@/components/admin/use-user-row';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmStep } from '@/components/ui/confirm-step';
import { LocalTime } from '@/components/ui/local-time';
import type { ConsoleUser } from '@/lib/users/schema';

/** Visible on a phone's card, where the table's headings are not shown. */
function CardLabel({ children }: { children: string }) {
  return <span className="text-slate-500 md:hidden">{children} </span>;
}

/**
 * One person: name, email, role, status, last sign-in, and what an administrator may do about
 * them. A confirmation takes the place of the row's actions, so no other column moves.
 */
export function UserRow({
  user,
  self,
  latest,
  notice,
  onStart,
  onNotice,
  confirmation,
  onConfirmation,
}: {
  user: ConsoleUser;
  self: boolean;
  confirmation: OpenConfirmation | null;
  onConfirmation: (next: OpenConfirmation | null) => void;
} & ActionProps) {
  const row = useUserRow({ user, latest, onStart, onNotice, confirmation, onConfirmation });
  const { change, confirming, failure } = row;
  const id = useId();
  return (
    <tr className="flex flex-col gap-2 border-t border-slate-100 py-3 align-top md:table-row md:py-0">
      <th scope="row" className="font-medium [overflow-wrap:anywhere] md:py-2 md:pr-3">
        {user.name} {self ? <span className="text-xs text-slate-500">(you)</span> : null}
      </th>
      {/* break-words, not anywhere: an email breaks mid-word only when it cannot fit a line at all. */}
      <td className="break-words md:py-2 md:pr-3">{user.email}</td>
      <td className="md:py-2 md:pr-3">
        <RolePicker
          id={`${id}-role`}
          userName={user.name}
          role={user.role}
          draftRole={row.draftRole}
          disabled={self || change.isPending}
          onDraft={row.setDraftRole}
          onCancel={() => row.setConfirming(null)}
        />
      </td>
      <td className="md:py-2 md:pr-3">
        {user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>}
      </td>
      <td className="text-sm text-slate-700 md:py-2 md:pr-3">
        <CardLabel>Last sign-in:</CardLabel>
        {user.lastSignInAt ? <LocalTime ms={Date.parse(user.lastSignInAt)} /> : 'Never'}
      </td>
      <td className="flex flex-col gap-2 md:py-2">
        {confirming ? (
          <UserConfirmStep user={user} row={row} />
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="secondary"
              className="px-3 py-1"
              disabled={self || change.isPending}
              // Enabling gives nothing away, so only disabling asks first.
              onClick={() => (user.disabled ? row.toggleDisabled() : row.setConfirming('disable'))}
            >
              {user.disabled ? `Enable ${user.name}` : `Disable ${user.name}`}
            </Button>
            <Button
              variant="secondary"
              className="px-3 py-1"
              aria-expanded={row.resetting}
              onClick={() => row.setResetting((open) => !open)}
            >
              Reset password
            </Button>
          </div>
        )}
        {row.resetting && !confirming ? (
          <ResetPasswordForm
            id={`${id}-password`}
            userName={user.name}
            password={row.password}
            onPasswordChange={row.setPassword}
            error={row.passwordError}
            pending={row.resetPassword.isPending}
            onSubmit={row.submitPassword}
          />
        ) : null}
        {failure ? (
          <ActionError
            error={failure.error}
            shownBesideFields={failure === row.resetPassword.error}
            afterSignIn="come back to this tab and try again."
          />
        ) : null}
        <Outcome text={notice} focus />
      </td>
    </tr>
  );
}

/** The step that confirms a role change or disabling, while one is open. */
function UserConfirmStep({ user, row }: { user: ConsoleUser; row: ReturnType<typeof useUserRow> }) {
  const { change, confirming, draftRole } = row;
  if (confirming === 'role') {
    return (
      <ConfirmStep
        key="role"
        label={`Confirm role change for ${user.name}`}
        confirmLabel={`Make ${roleLabel(draftRole)}`}
        pending={change.isPending}
        // The focus stays on the select: its arrow keys go on choosing, Tab comes here.
        takeFocus={false}
        onConfirm={row.confirmRole}
        onCancel={() => row.setConfirming(null)}
      >
        Change {user.name} from {roleLabel(user.role)} to {roleLabel(draftRole)}? It counts from their next click.
      </ConfirmStep>
    );
  }
  return (
    <ConfirmStep
      key="disable"
      label={`Confirm disabling ${user.name}`}
      confirmLabel="Disable now"
      cancelLabel="Keep active"
      pending={change.isPending}
      onConfirm={row.toggleDisabled}
      onCancel={() => row.setConfirming(null)}
    >
      Disable {user.name}? They are signed out at once and cannot sign in until the account is enabled again.
    </ConfirmStep>
  );
}
