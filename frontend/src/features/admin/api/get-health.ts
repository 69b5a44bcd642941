import { useQuery } from '@tanstack/react-query'
import { ApiError, client, unwrap } from '@/lib/api-client'

/** GET /api/admin/health; a server without it (404) yields `null` so the panel hides itself. */
export function useHealth() {
  return useQuery({
    queryKey: ['admin', 'health'],
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(client.GET('/api/admin/health', { signal }))
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    refetchInterval: 5_000,
    retry: false,
  })
}
