import { Badge } from '@/components/ui/badge';

/** An update's outcome, as the record of updates keeps it. */
export type AttemptOutcome = 'pending' | 'succeeded' | 'failed' | 'refused' | 'conflict' | 'unknown';

const shown: Record<AttemptOutcome, { label: string; tone: 'neutral' | 'warning' | 'danger' | 'success' | 'info' }> = {
  succeeded: { label: 'Saved', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  refused: { label: 'Refused', tone: 'danger' },
  conflict: { label: 'Conflict', tone: 'warning' },
  unknown: { label: 'Not confirmed', tone: 'warning' },
  pending: { label: 'In progress', tone: 'info' },
};

/** An update's outcome in a word. */
export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  return <Badge tone={shown[outcome].tone}>{shown[outcome].label}</Badge>;
}
