import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import { sortQueue } from '../utils/queue'

export const getQueue = (signal?: AbortSignal) => unwrap(client.GET('/api/queue', { signal }))

export const getQueueQueryOptions = () =>
  queryOptions({ queryKey: ['queue'], queryFn: async ({ signal }) => sortQueue(await getQueue(signal)) })

/** Refreshed every 10 s: rounds finishing elsewhere add patients, colleagues' submissions remove them. */
export function useQueue() {
  return useQuery({ ...getQueueQueryOptions(), refetchInterval: 10_000 })
}
