import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PacsImportJob } from '@/types/api'
import { isJobActive } from '../utils/job'
import type { ImportRequest } from '../utils/selection'

export const IMPORT_POLL_MS = 1_000

/** Starts the background import (WADO-RS retrieve on the cpu queue); answers at once with the queued job. */
export const startImport = (projectId: string, body: ImportRequest): Promise<PacsImportJob> =>
  unwrap(client.POST('/api/projects/{project_id}/pacs/imports', { params: { path: { project_id: projectId } }, body }))

export function useStartImport(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ImportRequest) => startImport(projectId, body),
    onSuccess: (job) => queryClient.setQueryData(['projects', projectId, 'pacs', 'imports', job.id], job),
  })
}

export const getImport = (projectId: string, jobId: string, signal?: AbortSignal): Promise<PacsImportJob> =>
  unwrap(
    client.GET('/api/projects/{project_id}/pacs/imports/{job_id}', {
      params: { path: { project_id: projectId, job_id: jobId } },
      signal,
    }),
  )

/**
 * Polls the import every second while it is queued or running; when it settles, the project's patients and counts
 * and the search results' "imported" marks are refreshed.
 */
export function useImportJob(projectId: string, jobId: string | null) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: ['projects', projectId, 'pacs', 'imports', jobId],
    queryFn: async ({ signal }) => {
      const job = await getImport(projectId, jobId ?? '', signal)
      if (!isJobActive(job)) {
        void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'pacs', 'studies'] })
        void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'patients'] })
        void queryClient.invalidateQueries({ queryKey: ['projects', projectId], exact: true })
      }
      return job
    },
    enabled: jobId !== null,
    refetchInterval: (query) => (isJobActive(query.state.data) ? IMPORT_POLL_MS : false),
  })
}

/** The project's latest imports, newest first: the page picks up one still running when opened without `?job=`. */
export function useRecentImports(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['projects', projectId, 'pacs', 'imports'],
    queryFn: ({ signal }) =>
      unwrap(
        client.GET('/api/projects/{project_id}/pacs/imports', { params: { path: { project_id: projectId } }, signal }),
      ),
    enabled,
  })
}

/** Stops the import after the instance it is retrieving; the patients it finished stay imported. */
export function useCancelImport(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (jobId: string) =>
      unwrap(
        client.POST('/api/projects/{project_id}/pacs/imports/{job_id}/cancel', {
          params: { path: { project_id: projectId, job_id: jobId } },
        }),
      ),
    onSuccess: (job) => queryClient.setQueryData(['projects', projectId, 'pacs', 'imports', job.id], job),
  })
}
