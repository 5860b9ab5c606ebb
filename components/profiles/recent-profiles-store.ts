'use client';

import { useSyncExternalStore } from 'react';

/** Profiles opened recently in this browser, newest first; ids and names only. */
export interface RecentProfile {
  id: string;
  name: string;
  number: string | null;
  openedAt: number;
}

const KEY = 'attestr-console:recent-profiles';
const LIMIT = 8;
const listeners = new Set<() => void>();
const EMPTY: RecentProfile[] = [];
let cache: { raw: string | null; value: RecentProfile[] } = { raw: null, value: EMPTY };

function read(): RecentProfile[] {
  const raw = window.localStorage.getItem(KEY);
  if (raw === cache.raw) return cache.value;
  let value: RecentProfile[] = EMPTY;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed))
      value = parsed.filter((p): p is RecentProfile => typeof p?.id === 'string').slice(0, LIMIT);
  } catch {
    value = EMPTY;
  }
  cache = { raw, value };
  return value;
}

export function rememberProfile(profile: Omit<RecentProfile, 'openedAt'>): void {
  try {
    const next = [{ ...profile, openedAt: Date.now() }, ...read().filter((p) => p.id !== profile.id)].slice(0, LIMIT);
    window.localStorage.setItem(KEY, JSON.stringify(next));
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

export function useRecentProfiles(): RecentProfile[] {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}
