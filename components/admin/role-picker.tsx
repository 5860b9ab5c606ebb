'use client';

import { Button } from '@/components/ui/button';
import { ROLE_LABELS, ROLES, isRole } from '@/lib/shared/permissions';

/** A person's role, chosen in a select; a new choice offers Change role (to confirm) and Undo. */
export function RolePicker({
  id,
  userName,
  role,
  draftRole,
  disabled,
  offerChange,
  onDraft,
  onChange,
  onUndo,
}: {
  id: string;
  userName: string;
  /** The role the person has now. */
  role: string;
  draftRole: string;
  disabled: boolean;
  offerChange: boolean;
  onDraft: (role: string) => void;
  onChange: () => void;
  onUndo: () => void;
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
        className="rounded-md border border-slate-300 px-2 py-1"
      >
        {isRole(role) ? null : <option value="">No role</option>}
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </select>
      {offerChange ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" className="px-3 py-1" onClick={onChange}>
            Change role
          </Button>
          <Button variant="secondary" className="px-3 py-1" onClick={onUndo}>
            Undo
          </Button>
        </div>
      ) : null}
    </div>
  );
}
