'use client';

import { ROLE_LABELS, ROLES, isRole } from '@/lib/shared/permissions';

/**
 * A person's role, chosen in a select: a new choice opens the row's confirmation, and the focus
 * stays here, so the arrow keys go on choosing and Tab reaches the confirm button; Escape puts
 * the role back.
 */
export function RolePicker({
  id,
  userName,
  role,
  draftRole,
  disabled,
  onDraft,
  onCancel,
}: {
  id: string;
  userName: string;
  /** The role the person has now. */
  role: string;
  draftRole: string;
  disabled: boolean;
  onDraft: (role: string) => void;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-col items-start gap-2">
      <label htmlFor={id} className="sr-only">
        Role of {userName}
      </label>
      <select
        id={id}
        value={isRole(draftRole) ? draftRole : ''}
        disabled={disabled}
        onChange={(event) => onDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && draftRole !== role) {
            event.preventDefault();
            onCancel();
          }
        }}
        className="w-full max-w-56 rounded-md border border-slate-300 px-2 py-1"
      >
        {isRole(role) ? null : <option value="">No role</option>}
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>
    </div>
  );
}
