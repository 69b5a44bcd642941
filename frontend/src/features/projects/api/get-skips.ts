import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/** Open skips of the project, newest first: cases radiologists set aside for the lead. */
export const getSkips = (projectId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/projects/{project_id}/skips', { params: { path: { project_id: projectId } }, signal }))

export const skipsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'skips'],
    queryFn: ({ signal }) => getSkips(projectId, signal),
  })

export function useSkips(projectId: string) {
  return useQuery(skipsQueryOptions(projectId))
}
