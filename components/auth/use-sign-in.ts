'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { ApiRequestError, callApi } from '@/lib/queries/api-client';

/** What went wrong, in plain words: about the email itself, or about the sign-in as a whole. */
function signInFailure(caught: unknown): { email: string } | { form: string } {
  const apiError = caught instanceof ApiRequestError ? caught.error : null;
  const aboutEmail = apiError?.fieldErrors?.email;
  if (aboutEmail) return { email: aboutEmail };
  return { form: apiError ? [apiError.message, apiError.details].filter(Boolean).join('. ') : 'Sign-in failed.' };
}

/** Signs in with the form's email and password, then goes on to `next`. */
export function useSignIn(next: string) {
  const router = useRouter();
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
      const failure = signInFailure(caught);
      if ('email' in failure) setEmailError(failure.email);
      else setError(failure.form);
      setPending(false);
    }
  }

  return { error, emailError, pending, emailInput, onSubmit };
}
