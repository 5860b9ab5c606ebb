'use client';

import { useSyncExternalStore } from 'react';

/** Profiles one person opened recently in this browser, newest first; ids and names only. */
export interface RecentProfile {
  id: string;
  name: string;
  number: string | null;
  /** Archived at Attestr when last opened: marked in the list. */
  archived?: boolean;
  openedAt: number;
}

// One list per user: whoever signs in next on a shared browser never sees another's list.
// Signing out also clears the browser's storage (Clear-Site-Data, lib/auth/sign-in.ts).
const keyFor = (userId: string) => `attestr-console:recent-profiles:${userId}`;
const LIMIT = 8;
const listeners = new Set<() => void>();
const EMPTY: RecentProfile[] = [];
let cache: { key: string | null; raw: string | null; value: RecentProfile[] } = { key: null, raw: null, value: EMPTY };

function read(userId: string): RecentProfile[] {
  const key = keyFor(userId);
  const raw = window.localStorage.getItem(key);
  if (key === cache.key && raw === cache.raw) return cache.value;
  let value: RecentProfile[] = EMPTY;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed))
      value = parsed.filter((p): p is RecentProfile => typeof p?.id === 'string').slice(0, LIMIT);
  } catch {
    value = EMPTY;
  }
  cache = { key, raw, value };
  return value;
}

export function rememberProfile({
  userId,
  profile,
}: {
  userId: string;
  profile: Omit<RecentProfile, 'openedAt'>;
}): void {
  try {
    const others = read(userId).filter((p) => p.id !== profile.id);
    const next = [{ ...profile, openedAt: Date.now() }, ...others].slice(0, LIMIT);
    window.localStorage.setItem(keyFor(userId), JSON.stringify(next));
    listeners.forEach((listener) => listener());
  } catch {
    // Storage may be full or disabled; the list is a convenience.
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** The signed-in person's recently opened profiles. */
export function useRecentProfiles(userId: string): RecentProfile[] {
  const snapshot = () => read(userId);
  return useSyncExternalStore(subscribe, snapshot, () => EMPTY);
}
