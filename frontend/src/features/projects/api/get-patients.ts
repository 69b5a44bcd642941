import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PatientSummary } from '@/types/api'

export const getPatients = (projectId: string, signal?: AbortSignal) =>
  api.get<PatientSummary[]>(`/api/projects/${encodeURIComponent(projectId)}/patients`, signal)

export const getPatientsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'patients'],
    queryFn: ({ signal }) => getPatients(projectId, signal),
  })

export function usePatients(projectId: string) {
  return useQuery(getPatientsQueryOptions(projectId))
}
