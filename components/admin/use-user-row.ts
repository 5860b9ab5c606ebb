'use client';

import { useState } from 'react';

import type { ActionProps } from '@/components/admin/outcome';
import { ROLE_LABELS, isRole } from '@/lib/shared/permissions';
import { useUserMutation, userRequests } from '@/lib/queries/users';
import type { ConsoleUser } from '@/lib/users/schema';

export const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : 'No role');

/** The one confirmation open on the page, in whichever row: a role chosen, or disabling. */
export type OpenConfirmation = { userId: string; kind: 'role'; role: string } | { userId: string; kind: 'disable' };

/** One person's row: the role being chosen, the confirm step open, the password being reset. */
export function useUserRow({
  user,
  latest,
  onStart,
  onNotice,
  confirmation,
  onConfirmation,
}: { user: ConsoleUser } & Omit<ActionProps, 'notice'> & {
    /** The confirmation open on the page; this row's only when its userId is this person's. */
    confirmation: OpenConfirmation | null;
    onConfirmation: (next: OpenConfirmation | null) => void;
  }) {
  const change = useUserMutation(userRequests.change);
  const resetPassword = useUserMutation(userRequests.resetPassword);
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState(false);
  const mine = confirmation?.userId === user.id ? confirmation : null;
  const confirming = mine?.kind ?? null;
  // Choosing in the select opens the confirmation; nothing is saved until it is confirmed.
  const draftRole = mine?.kind === 'role' ? mine.role : user.role;
  const setConfirming = (kind: 'disable' | null) => onConfirmation(kind ? { userId: user.id, kind } : null);
  const setDraftRole = (role: string) =>
    onConfirmation(role === user.role || !isRole(role) ? null : { userId: user.id, kind: 'role', role });
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

  function submitPassword() {
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
  }

  return {
    change,
    resetPassword,
    password,
    setPassword,
    resetting,
    setResetting,
    draftRole,
    setDraftRole,
    confirming,
    setConfirming,
    failure,
    passwordError: failure === resetPassword.error ? failure?.error.fieldErrors?.password : undefined,
    confirmRole,
    toggleDisabled,
    submitPassword,
  };
}
