import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { ProjectAnnotation } from '@/types/api'

/** Every accepted mask of the project, newest first. */
export const getProjectAnnotations = (projectId: string, signal?: AbortSignal) =>
  api.get<ProjectAnnotation[]>(`/api/projects/${encodeURIComponent(projectId)}/annotations`, signal)

export const projectAnnotationsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'annotations'],
    queryFn: ({ signal }) => getProjectAnnotations(projectId, signal),
  })

export function useProjectAnnotations(projectId: string) {
  return useQuery(projectAnnotationsQueryOptions(projectId))
}
