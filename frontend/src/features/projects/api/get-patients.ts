import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

export const getPatients = (projectId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/projects/{project_id}/patients', { params: { path: { project_id: projectId } }, signal }))

export const getPatientsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'patients'],
    queryFn: ({ signal }) => getPatients(projectId, signal),
  })

export function usePatients(projectId: string) {
  return useQuery(getPatientsQueryOptions(projectId))
}
