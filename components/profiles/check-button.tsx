'use client';

import { useState } from 'react';

import { Button } from '@/components/ui/button';

/** Reads the profile at Attestr to settle a save whose outcome is unknown. */
export function CheckButton({ check }: { check: () => Promise<void> }) {
  const [checking, setChecking] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        onClick={() => {
          setChecking(true);
          check().finally(() => setChecking(false));
        }}
        disabled={checking}
        aria-busy={checking || undefined}
      >
        Check at Attestr
      </Button>
      <span className="text-sm text-slate-600" aria-live="polite">
        {checking ? 'Reading the profile at Attestr…' : 'Reads the profile; sends nothing.'}
      </span>
    </div>
  );
}
