import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Project } from '@/types/api'

export const getProjects = (signal?: AbortSignal) => api.get<Project[]>('/api/projects', signal)

export const getProjectsQueryOptions = () =>
  queryOptions({ queryKey: ['projects'], queryFn: ({ signal }) => getProjects(signal) })

/** `pollMs` keeps counts and budgets fresh while a round elsewhere on the page is running. */
export function useProjects(pollMs: number | false = false) {
  return useQuery({ ...getProjectsQueryOptions(), refetchInterval: pollMs })
}
