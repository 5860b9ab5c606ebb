const DAY_MS = 86_400_000;

/** The first moment (epoch ms) of the UTC day after the one `now` falls in. */
export const nextUtcMidnight = (now: number): number => (Math.floor(now / DAY_MS) + 1) * DAY_MS;

/** The UTC day `now` falls in, as YYYY-MM-DD. */
export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);
