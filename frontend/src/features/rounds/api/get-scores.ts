import { queryOptions, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

export const getRoundScores = (roundId: string, signal?: AbortSignal) =>
  unwrap(client.GET('/api/rounds/{round_id}/scores', { params: { path: { round_id: roundId } }, signal }))

export const getRoundScoresQueryOptions = (roundId: string) =>
  queryOptions({ queryKey: ['rounds', roundId, 'scores'], queryFn: ({ signal }) => getRoundScores(roundId, signal) })

/** Every scored patient of the round in rank order, with its cost and whether the round proposes it. */
export function useRoundScores(roundId: string) {
  return useQuery(getRoundScoresQueryOptions(roundId))
}
