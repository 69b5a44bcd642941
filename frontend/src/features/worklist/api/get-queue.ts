import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { QueueItem } from '@/types/api'
import { sortQueue } from '../utils/queue'

export const getQueue = (signal?: AbortSignal) => api.get<QueueItem[]>('/api/queue', signal)

export const getQueueQueryOptions = () =>
  queryOptions({ queryKey: ['queue'], queryFn: async ({ signal }) => sortQueue(await getQueue(signal)) })

/** Refreshed every 10 s: rounds finishing elsewhere add patients, colleagues' submissions remove them. */
export function useQueue() {
  return useQuery({ ...getQueueQueryOptions(), refetchInterval: 10_000 })
}
