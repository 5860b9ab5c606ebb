import type { ReactNode } from 'react';

const tones = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-300',
  warning: 'bg-amber-100 text-amber-900 ring-amber-300',
  danger: 'bg-rose-100 text-rose-900 ring-rose-300',
  success: 'bg-emerald-100 text-emerald-900 ring-emerald-300',
  info: 'bg-indigo-100 text-indigo-900 ring-indigo-300',
} as const;

export function Badge({ tone = 'neutral', children }: { tone?: keyof typeof tones; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
