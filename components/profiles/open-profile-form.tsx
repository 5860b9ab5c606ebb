'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';

import { Button } from '@/components/ui/button';
import { profileIdProblem } from '@/lib/shared/profile-id';

export function OpenProfileForm() {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const profileId = value.trim();
    const problem = profileIdProblem(profileId);
    if (problem) {
      setError(problem);
      return;
    }
    router.push(`/profiles/${encodeURIComponent(profileId)}`);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2" aria-label="Open a profile">
      <label htmlFor={id} className="text-sm font-medium">
        Profile ID
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
          placeholder="AX1LgghsxZsJZUwYvN"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`min-w-64 flex-1 rounded-md border px-3 py-2 font-mono text-sm shadow-sm ${
            error ? 'border-rose-500' : 'border-slate-300'
          }`}
        />
        <Button type="submit">Open profile</Button>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-rose-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
