'use client';

import { useEffect, useRef } from 'react';

/** What a row or form needs to know and say about the admin's latest action. */
export type ActionProps = {
  /** This row or form acted last: its error, if any, is the one to show. */
  latest: boolean;
  /** The success of this row's or form's latest action, said beside it. */
  notice: string | null;
  onStart: () => void;
  onNotice: (text: string) => void;
};

/**
 * The outcome of an action, where it was taken: a polite live region that is always there, so
 * assistive technology hears each new text. When asked to, it also takes the focus and scrolls
 * into view, so a person whose confirm step has just closed sees what happened.
 */
export function Outcome({ text, focus = false }: { text: string | null; focus?: boolean }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!text || !focus || !ref.current) return;
    ref.current.focus({ preventScroll: true });
    ref.current.scrollIntoView({ block: 'nearest' });
  }, [text, focus]);
  return (
    <p
      ref={ref}
      role="status"
      tabIndex={-1}
      className="text-sm font-medium text-emerald-800 outline-none empty:hidden focus-visible:ring-2 focus-visible:ring-indigo-500"
    >
      {text}
    </p>
  );
}
