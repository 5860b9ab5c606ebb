'use client';

import { useMutation, useQuery } from '@tanstack/react-query';

import type { ProfileImportProgress, ProfileImportView } from '@/lib/shared/profile-import';
import { callApi, type ApiRequestError } from '@/lib/queries/api-client';

const importPath = (importId: string) => `/api/profiles/imports/${encodeURIComponent(importId)}`;

/** Where the IDs of an import that Attestr does not know are downloaded, as CSV. */
export const unknownIdsPath = (importId: string) => `${importPath(importId)}/unknown`;

/** Starts a directory import of the profile IDs read from a file. */
export function useCreateProfileImport() {
  return useMutation<{ import: ProfileImportView }, ApiRequestError, { fileName: string; profileIds: string[] }>({
    mutationFn: (body) => callApi('/api/profiles/imports', { method: 'POST', body }),
  });
}

/** An import's progress, asked for again every second until every ID is read. */
export function useProfileImportProgress(initial: ProfileImportProgress) {
  return useQuery<ProfileImportProgress, ApiRequestError>({
    queryKey: ['profile-import', initial.import.id],
    queryFn: () => callApi<ProfileImportProgress>(importPath(initial.import.id)),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.import.finishedAt === null ? 1_000 : false),
  });
}
