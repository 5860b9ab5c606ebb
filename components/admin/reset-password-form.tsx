'use client';

import { PasswordInput } from '@/components/admin/fields';
import { Button } from '@/components/ui/button';

/** An administrator sets a new password for someone else. */
export function ResetPasswordForm({
  id,
  userName,
  password,
  onPasswordChange,
  error,
  pending,
  onSubmit,
}: {
  id: string;
  userName: string;
  password: string;
  onPasswordChange: (password: string) => void;
  error: string | undefined;
  pending: boolean;
  onSubmit: () => void;
}) {
  return (
    <form
      noValidate
      className="flex flex-wrap items-start gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <PasswordInput
        id={id}
        label={`New password for ${userName}`}
        value={password}
        onChange={onPasswordChange}
        error={error}
        small
      />
      <Button type="submit" className="mt-4" disabled={pending}>
        Set password
      </Button>
    </form>
  );
}
