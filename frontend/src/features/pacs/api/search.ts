import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PacsSeries, PacsStudy } from '@/types/api'
import type { PacsSearchQuery } from '../utils/search'

const inProject = (projectId: string) => ({ path: { project_id: projectId } })

/** QIDO-RS through the server (which holds the credentials); `imported` marks studies already in the project. */
export const searchStudies = (projectId: string, query: PacsSearchQuery, signal?: AbortSignal): Promise<PacsStudy[]> =>
  unwrap(
    client.GET('/api/projects/{project_id}/pacs/studies', {
      params: { ...inProject(projectId), query },
      signal,
    }),
  )

export const studiesQueryOptions = (projectId: string, query: PacsSearchQuery | null) =>
  queryOptions({
    queryKey: ['projects', projectId, 'pacs', 'studies', query],
    queryFn: ({ signal }) => searchStudies(projectId, query ?? { limit: 0, offset: 0 }, signal),
    enabled: query !== null,
    // The PACS is searched when the lead asks, not on every focus of the window.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
  })

/** Nothing is asked until the first search (`query` null). */
export function useStudies(projectId: string, query: PacsSearchQuery | null) {
  return useQuery(studiesQueryOptions(projectId, query))
}

export const getSeries = (projectId: string, studyUid: string, signal?: AbortSignal): Promise<PacsSeries[]> =>
  unwrap(
    client.GET('/api/projects/{project_id}/pacs/studies/{study_uid}/series', {
      params: { path: { project_id: projectId, study_uid: studyUid } },
      signal,
    }),
  )

/** A study's series, fetched when its row is opened. */
export function useSeries(projectId: string, studyUid: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'pacs', 'studies', 'series', studyUid],
    queryFn: ({ signal }) => getSeries(projectId, studyUid, signal),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  })
}
