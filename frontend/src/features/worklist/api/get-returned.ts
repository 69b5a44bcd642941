import { useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/**
 * Cases reviewers sent back to the caller, oldest first, each with the reviewer's comment. Under the queue's key, so
 * a submission (which invalidates the queue) refreshes it too; polled with the queue.
 */
export function useReturnedCases() {
  return useQuery({
    queryKey: ['queue', 'returned'],
    queryFn: ({ signal }) => unwrap(client.GET('/api/queue/returned', { signal })),
    refetchInterval: 10_000,
  })
}
