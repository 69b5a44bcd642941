import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/** Every accepted mask of the project, newest first. */
export const getProjectAnnotations = (projectId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/projects/{project_id}/annotations', { params: { path: { project_id: projectId } }, signal }))

export const projectAnnotationsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'annotations'],
    queryFn: ({ signal }) => getProjectAnnotations(projectId, signal),
  })

export function useProjectAnnotations(projectId: string) {
  return useQuery(projectAnnotationsQueryOptions(projectId))
}
