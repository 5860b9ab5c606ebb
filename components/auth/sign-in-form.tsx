'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { ApiRequestError, callApi } from '@/lib/queries/api-client';

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  // What the console said about the email itself (a malformed address), shown beside the field.
  const [emailError, setEmailError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  // Once the message is linked to the field, so that focusing it reads the message out.
  useEffect(() => {
    if (emailError) emailInput.current?.focus();
  }, [emailError]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      setError('Enter your email and password.');
      return;
    }
    setPending(true);
    setError(null);
    setEmailError(null);
    try {
      await callApi('/api/auth/sign-in/email', { method: 'POST', body: { email, password } });
      router.replace(next);
      router.refresh();
    } catch (caught) {
      const apiError = caught instanceof ApiRequestError ? caught.error : null;
      const aboutEmail = apiError?.fieldErrors?.email;
      if (aboutEmail) setEmailError(aboutEmail);
      else setError(apiError ? [apiError.message, apiError.details].filter(Boolean).join('. ') : 'Sign-in failed.');
      setPending(false);
    }
  }

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
