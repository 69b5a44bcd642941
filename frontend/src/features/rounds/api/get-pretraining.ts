import { useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Pretraining } from '@/types/api'
import { POLL_MS } from './get-rounds'

export const getPretraining = (projectId: string, signal?: AbortSignal): Promise<Pretraining | null> =>
  unwrap(client.GET('/api/projects/{project_id}/pretraining', { params: { path: { project_id: projectId } }, signal }))

const active = (job: Pretraining | null | undefined) => job?.status === 'queued' || job?.status === 'running'

/** The backbone's background pre-training; polls every 2 s while it is queued or running. */
export function usePretraining(projectId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'pretraining'],
    queryFn: ({ signal }) => getPretraining(projectId, signal),
    refetchInterval: (query) => (active(query.state.data) ? POLL_MS : false),
  })
}
