const DATE_AND_TIME = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
} as const;

const utc = new Intl.DateTimeFormat('en-GB', { ...DATE_AND_TIME, timeZone: 'UTC' });

/** A timestamp in UTC: the same text on the server and in every browser (titles, records). */
export function formatTimestamp(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  return `${utc.format(new Date(ms))} UTC`;
}

/**
 * A timestamp in a time zone, the viewer's unless given, with the zone named so nobody
 * mistakes it for another: "2 Nov 2025, 17:35:41 GMT+5:30".
 */
export function formatLocalTimestamp(ms: number | null | undefined, timeZone?: string): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  return new Intl.DateTimeFormat('en-GB', { ...DATE_AND_TIME, timeZone, timeZoneName: 'shortOffset' })
    .format(new Date(ms))
    .replace(/GMT(\+0)?$/, 'UTC');
}

/**
 * How long to wait, in words a person reads at a glance: seconds under a minute, then minutes
 * (rounded up, so the wait is never shorter than said), then hours and minutes.
 */
export function formatWait(seconds: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return plural(whole, 'second');
  const minutes = Math.ceil(whole / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} and ${plural(rest, 'minute')}`;
}
