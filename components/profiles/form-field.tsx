import type { InputHTMLAttributes, ReactNode } from 'react';
import type { FieldError } from 'react-hook-form';

/** A labelled input with its hint and error wired up for assistive technology. */
export function FormField({
  id,
  label,
  hint,
  error,
  lockedReason,
  errorAction,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & {
  ref?: React.Ref<HTMLInputElement>;
  /** What the person can do about the error, shown under it (a suggested value to take). */
  errorAction?: ReactNode;
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  lockedReason?: string;
}) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint || lockedReason ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  const readOnly = input.readOnly || Boolean(lockedReason);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
        readOnly={readOnly}
        className={`rounded-md border px-3 py-2 text-sm shadow-sm ${
          error ? 'border-rose-500 ring-1 ring-rose-500' : 'border-slate-300'
        } ${readOnly ? 'bg-slate-100 text-slate-600' : 'bg-white'}`}
      />
      {hint || lockedReason ? (
        <p id={hintId} className="text-xs text-slate-500">
          {lockedReason ?? hint}
        </p>
      ) : null}
      {error?.message ? (
        <p id={errorId} className="text-sm font-medium text-rose-700">
          {error.message}
        </p>
      ) : null}
      {error?.message && errorAction ? <div className="flex flex-wrap gap-2">{errorAction}</div> : null}
    </div>
  );
}
