'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { callApi, type ApiRequestError } from '@/lib/queries/api-client';
import type { ConsoleUser } from '@/lib/users/schema';

const usersKey = ['admin', 'users'] as const;

export function useUsers() {
  return useQuery<{ users: ConsoleUser[] }, ApiRequestError>({
    queryKey: usersKey,
    queryFn: () => callApi('/api/admin/users'),
  });
}

/** A user-management call that refreshes the list when it succeeds. */
export function useUserMutation<V>(request: (variables: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiRequestError, V>({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export const userRequests = {
  create: (body: { name: string; email: string; role: string; password: string }) =>
    callApi('/api/admin/users', { method: 'POST', body }),
  change: ({ userId, ...body }: { userId: string; role?: string; disabled?: boolean }) =>
    callApi(`/api/admin/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body }),
  resetPassword: ({ userId, password }: { userId: string; password: string }) =>
    callApi(`/api/admin/users/${encodeURIComponent(userId)}/password`, { method: 'PUT', body: { password } }),
};

/** The signed-in person changes their own password; their other sessions end. */
export function useChangeOwnPassword() {
  return useMutation<unknown, ApiRequestError, { currentPassword: string; newPassword: string }>({
    mutationFn: (body) => callApi('/api/account/password', { method: 'PUT', body }),
  });
}
