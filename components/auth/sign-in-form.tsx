'use client';

import { useId } from 'react';

import { useSignIn } from '@/components/auth/use-sign-in';
import { Button } from '@/components/ui/button';

export function SignInForm({ next }: { next: string }) {
  const id = useId();
  const { error, emailError, pending, emailInput, onSubmit } = useSignIn(next);

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-email`} className="text-sm font-medium">
          Email
        </label>
        <input
          ref={emailInput}
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          required
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? `${id}-email-error` : undefined}
          className={`rounded-md border px-3 py-2 text-sm shadow-sm ${
            emailError ? 'border-rose-500 ring-1 ring-rose-500' : 'border-slate-300'
          }`}
        />
        {emailError ? (
          <p id={`${id}-email-error`} className="text-sm font-medium text-rose-700">
            {emailError}
          </p>
        ) : null}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-password`} className="text-sm font-medium">
          Password
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm"
        />
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="rounded-md bg-rose-50 p-3 text-sm font-medium text-rose-800">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        Sign in
      </Button>
    </form>
  );
}
