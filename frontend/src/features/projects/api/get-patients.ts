import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { client } from '@/lib/api-client'
import { type Page, pagedQuery, pageOf, pageParams } from '@/lib/paging'
import type { PatientSummary } from '@/types/api'
import type { PatientFilters } from '../utils/patient-filters'

/** One page of the project's patients in external-id order, narrowed by the server (`filters` become the query
 * parameters of the same name and combine with the cursor). */
export const getPatientsPage = (
  projectId: string,
  filters: PatientFilters = {},
  cursor: string | null = null,
  signal?: AbortSignal,
): Promise<Page<PatientSummary[]>> =>
  pageOf(
    client.GET('/api/projects/{project_id}/patients', {
      params: { path: { project_id: projectId }, query: { ...filters, ...pageParams(cursor) } },
      signal,
    }),
  )

/** Keyed under `['projects', id, 'patients']`, so invalidating that prefix (an import, a split change) refreshes
 * every filtered view (each from its first page). */
export const getPatientsQueryOptions = (projectId: string, filters: PatientFilters = {}) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'patients', filters],
    queryFn: ({ pageParam, signal }) => getPatientsPage(projectId, filters, pageParam, signal),
    ...pagedQuery,
  })

/** The first page, then more on demand. While a new filter of the same project loads, its previous rows stay on
 * screen instead of the table blinking. */
export function usePatients(projectId: string, filters: PatientFilters = {}) {
  return useInfiniteQuery({
    ...getPatientsQueryOptions(projectId, filters),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1] === projectId ? previous : undefined),
  })
}
