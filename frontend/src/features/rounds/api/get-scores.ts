import { queryOptions, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { RoundScore } from '@/types/api'

export const getRoundScores = (roundId: string, signal?: AbortSignal) =>
  api.get<RoundScore[]>(`/api/rounds/${encodeURIComponent(roundId)}/scores`, signal)

export const getRoundScoresQueryOptions = (roundId: string) =>
  queryOptions({ queryKey: ['rounds', roundId, 'scores'], queryFn: ({ signal }) => getRoundScores(roundId, signal) })

/** Every scored patient of the round in rank order, with its cost and whether the round proposes it. */
export function useRoundScores(roundId: string) {
  return useQuery(getRoundScoresQueryOptions(roundId))
}
