import { Badge } from '@/components/ui/badge';
import { OUTCOME_LABELS, type AttemptOutcome } from '@/lib/shared/inbox-view';

export type { AttemptOutcome };

const TONES = {
  succeeded: 'success',
  failed: 'danger',
  unknown: 'warning',
  conflict: 'warning',
  refused: 'neutral',
  pending: 'info',
} as const;

export function OutcomeBadge({ outcome }: { outcome: AttemptOutcome }) {
  return <Badge tone={TONES[outcome]}>{OUTCOME_LABELS[outcome]}</Badge>;
}
