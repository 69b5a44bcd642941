import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Project } from '@/types/api'

export const getProject = (projectId: string, signal?: AbortSignal) =>
  api.get<Project>(`/api/projects/${encodeURIComponent(projectId)}`, signal)

export const getProjectQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: ['projects', projectId], queryFn: ({ signal }) => getProject(projectId, signal) })

export function useProject(projectId: string, pollMs: number | false = false) {
  return useQuery({ ...getProjectQueryOptions(projectId), refetchInterval: pollMs })
}
