import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { SkipRecord } from '@/types/api'

/** Open skips of the project, newest first: cases radiologists set aside for the lead. */
export const getSkips = (projectId: string, signal?: AbortSignal) =>
  api.get<SkipRecord[]>(`/api/projects/${encodeURIComponent(projectId)}/skips`, signal)

export const skipsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'skips'],
    queryFn: ({ signal }) => getSkips(projectId, signal),
  })

export function useSkips(projectId: string) {
  return useQuery(skipsQueryOptions(projectId))
}
