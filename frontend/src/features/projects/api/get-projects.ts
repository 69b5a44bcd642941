import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Project } from '@/types/api'

export const getProjects = (signal?: AbortSignal): Promise<Project[]> => unwrap(client.GET('/api/projects', { signal }))

export const getProjectsQueryOptions = () =>
  queryOptions({ queryKey: ['projects'], queryFn: ({ signal }) => getProjects(signal) })

/** `pollMs` keeps counts and budgets fresh while a round elsewhere on the page is running; as a function it
 * decides from the projects last fetched (poll while one of them runs a round). */
export function useProjects(pollMs: number | false | ((projects: Project[] | undefined) => number | false) = false) {
  return useQuery({
    ...getProjectsQueryOptions(),
    refetchInterval: typeof pollMs === 'function' ? (query) => pollMs(query.state.data) : pollMs,
  })
}
