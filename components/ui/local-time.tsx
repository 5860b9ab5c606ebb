'use client';

import { useSyncExternalStore } from 'react';

import { formatLocalTimestamp, formatTimestamp } from '@/lib/format';

const subscribe = () => () => {};

/**
 * A moment in the viewer's own time zone, with UTC on hover. The server does not know the
 * viewer's zone, so the first render (and the server's) shows UTC and the browser then
 * switches to local time without a hydration mismatch.
 */
export function LocalTime({ ms }: { ms: number | null | undefined }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (ms == null || !Number.isFinite(ms)) return <span>—</span>;
  const utc = formatTimestamp(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={utc}>
      {inBrowser ? formatLocalTimestamp(ms) : utc}
    </time>
  );
}
