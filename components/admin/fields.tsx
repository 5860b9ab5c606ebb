import type { ReactNode } from 'react';

import { PASSWORD_RULE } from '@/lib/shared/user-fields';

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

export function inputClass(error: string | undefined, small = false): string {
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
