import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PatientFilters } from '../utils/patient-filters'

/** The project's patients, narrowed by the server (`filters` become the query parameters of the same name). */
export const getPatients = (projectId: string, filters: PatientFilters = {}, signal?: AbortSignal) =>
  unwrap(
    client.GET('/api/projects/{project_id}/patients', {
      params: { path: { project_id: projectId }, query: filters },
      signal,
    }),
  )

/** Keyed under `['projects', id, 'patients']`, so invalidating that prefix (an import, a split change) refreshes
 * every filtered view. */
export const getPatientsQueryOptions = (projectId: string, filters: PatientFilters = {}) =>
  queryOptions({
    queryKey: ['projects', projectId, 'patients', filters],
    queryFn: ({ signal }) => getPatients(projectId, filters, signal),
  })

/** While a new filter of the same project loads, its previous rows stay on screen instead of the table blinking. */
export function usePatients(projectId: string, filters: PatientFilters = {}) {
  return useQuery({
    ...getPatientsQueryOptions(projectId, filters),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === projectId ? previous : undefined),
  })
}
