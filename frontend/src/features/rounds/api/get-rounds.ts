import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Round } from '@/types/api'
import { anyRoundRunning } from '../utils/round-status'

export const POLL_MS = 2_000

export const getRounds = (projectId: string, signal?: AbortSignal): Promise<Round[]> =>
  unwrap(client.GET('/api/projects/{project_id}/rounds', { params: { path: { project_id: projectId } }, signal }))

export const getRoundsQueryOptions = (projectId: string) =>
  queryOptions({
    queryKey: ['projects', projectId, 'rounds'],
    queryFn: ({ signal }) => getRounds(projectId, signal),
  })

/** Polls every 2 s while any round of the project is still running, and stops once all are settled. */
export function useRounds(projectId: string) {
  return useQuery({
    ...getRoundsQueryOptions(projectId),
    refetchInterval: (query) => (anyRoundRunning(query.state.data) ? POLL_MS : false),
  })
}
