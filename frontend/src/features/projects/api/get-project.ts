import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Project } from '@/types/api'

export const getProject = (projectId: string, signal?: AbortSignal): Promise<Project> =>
  unwrap(client.GET('/api/projects/{project_id}', { params: { path: { project_id: projectId } }, signal }))

export const getProjectQueryOptions = (projectId: string) =>
  queryOptions({ queryKey: ['projects', projectId], queryFn: ({ signal }) => getProject(projectId, signal) })

export function useProject(projectId: string, pollMs: number | false = false, enabled = true) {
  return useQuery({ ...getProjectQueryOptions(projectId), refetchInterval: pollMs, enabled })
}
