import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/** The selection strategies a round can use, in the order to offer them (the server's one catalogue). */
export const getStrategies = (signal?: AbortSignal) => unwrap(client.GET('/api/strategies', { signal }))

export const strategiesQueryOptions = () =>
  queryOptions({
    queryKey: ['strategies'],
    queryFn: ({ signal }) => getStrategies(signal),
    // The catalogue changes only with a new server release.
    staleTime: Infinity,
  })

export function useStrategies() {
  return useQuery(strategiesQueryOptions())
}
