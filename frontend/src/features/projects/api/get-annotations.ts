import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { client } from '@/lib/api-client'
import { type Page, pagedQuery, pageOf, pageParams } from '@/lib/paging'
import type { ProjectAnnotation } from '@/types/api'

/** One page of the project's accepted masks, newest first. */
export const getProjectAnnotationsPage = (
  projectId: string,
  cursor: string | null = null,
  signal?: AbortSignal,
): Promise<Page<ProjectAnnotation[]>> =>
  pageOf(
    client.GET('/api/projects/{project_id}/annotations', {
      params: { path: { project_id: projectId }, query: pageParams(cursor) },
      signal,
    }),
  )

export const projectAnnotationsQueryOptions = (projectId: string) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'annotations'],
    queryFn: ({ pageParam, signal }) => getProjectAnnotationsPage(projectId, pageParam, signal),
    ...pagedQuery,
  })

export function useProjectAnnotations(projectId: string) {
  return useInfiniteQuery(projectAnnotationsQueryOptions(projectId))
}
