import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PacsConnection, PacsConnectionInput, PacsVerifyResult } from '@/types/api'

const inProject = (projectId: string) => ({ params: { path: { project_id: projectId } } })

/** The project's DICOMweb connection, or null when it has none. Its secret is never sent. */
export const getConnection = (projectId: string, signal?: AbortSignal): Promise<PacsConnection | null> =>
  unwrap(client.GET('/api/projects/{project_id}/pacs', { ...inProject(projectId), signal }))

export const connectionQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'pacs', 'connection'],
    queryFn: ({ signal }) => getConnection(projectId, signal),
  })

export function useConnection(projectId: string) {
  return useQuery(connectionQueryOptions(projectId))
}

export const saveConnection = (projectId: string, body: PacsConnectionInput): Promise<PacsConnection> =>
  unwrap(client.PUT('/api/projects/{project_id}/pacs', { ...inProject(projectId), body }))

export function useSaveConnection(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: PacsConnectionInput) => saveConnection(projectId, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(connectionQueryOptions(projectId).queryKey, saved)
      // Search results were the old endpoint's.
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'pacs', 'studies'] })
    },
  })
}

export function useDeleteConnection(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(client.DELETE('/api/projects/{project_id}/pacs', inProject(projectId))),
    onSuccess: () => queryClient.setQueryData(connectionQueryOptions(projectId).queryKey, null),
  })
}

/** Asks the server to reach the saved endpoint (a small QIDO-RS query); `ok` false carries the reason. */
export const verifyConnection = (projectId: string): Promise<PacsVerifyResult> =>
  unwrap(client.POST('/api/projects/{project_id}/pacs/verify', inProject(projectId)))

export function useVerifyConnection(projectId: string) {
  return useMutation({ mutationFn: () => verifyConnection(projectId) })
}
