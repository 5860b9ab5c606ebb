'use client';

import { useId, useState, type ReactNode } from 'react';

/**
 * The header's menu: in the row on a wide screen; behind a Menu button on a narrow one, so the
 * header keeps to one row there until it is opened.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((was) => !was)}
        className="ml-auto rounded-md px-3 py-1 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 lg:hidden"
      >
        Menu
      </button>
      <div
        id={id}
        className={`${open ? 'flex' : 'hidden'} w-full flex-col items-start gap-3 border-t border-slate-100 pt-3 lg:flex lg:w-auto lg:flex-1 lg:flex-row lg:items-center lg:border-0 lg:pt-0`}
      >
        {children}
      </div>
    </>
  );
}
