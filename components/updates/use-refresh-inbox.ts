'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Reads the updates page again in place after an action changed what it shows: the list, its
 * counts, the chart and the header's count of open failures (all drawn on the server, so the
 * route is refreshed), and the cached "Retry all" run and bulk jobs' lines. No reload: the filters, the scroll and
 * whatever was typed stay.
 */
export function useRefreshInbox(): () => void {
  const router = useRouter();
  const client = useQueryClient();
  return useCallback(() => {
    void client.invalidateQueries({ queryKey: ['retry-run'] });
    void client.invalidateQueries({ queryKey: ['bulk-failures'] });
    router.refresh();
  }, [client, router]);
}
