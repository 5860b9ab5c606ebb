import { updatesScope } from '@/lib/shared/permissions';

/** Who is looking: the person's id and role. */
export interface AttemptViewer {
  userId: string;
  role: string;
}

/**
 * Whose attempts a person may see, the one rule for every place that shows or acts on
 * attempts (the updates page, its export, an update's page, a profile's History, Check, Retry,
 * Resolve, "Retry all" and the header's count): null for none (a role that may not see
 * updates), `{}` for everyone's, `{ actorId }` for only their own (support follows up its own
 * saves, nobody else's). The answer is what the attempt queries take as their scope.
 */
export function attemptScope(viewer: AttemptViewer): { actorId?: string } | null {
  const scope = updatesScope(viewer.role);
  if (scope === 'none') return null;
  return scope === 'own' ? { actorId: viewer.userId } : {};
}

/** Whether the person may see this attempt; one they may not is answered as not found. */
export function mayViewAttempt(viewer: AttemptViewer, attempt: { actorId: string }): boolean {
  const scope = attemptScope(viewer);
  return scope !== null && (scope.actorId === undefined || scope.actorId === attempt.actorId);
}
