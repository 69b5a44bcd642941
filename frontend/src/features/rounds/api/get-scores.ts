import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { client } from '@/lib/api-client'
import { allPages, MAX_PAGE_SIZE, type Page, pagedQuery, pageOf, pageParams } from '@/lib/paging'
import type { RoundScore } from '@/types/api'

/** One page of the round's scored patients in rank order; `selected` narrows to the selection (or the others). */
export const getRoundScoresPage = (
  roundId: string,
  { cursor = null, selected, limit }: { cursor?: string | null; selected?: boolean; limit?: number } = {},
  signal?: AbortSignal,
): Promise<Page<RoundScore[]>> =>
  pageOf(
    client.GET('/api/rounds/{round_id}/scores', {
      params: {
        path: { round_id: roundId },
        query: { ...pageParams(cursor, limit), ...(selected === undefined ? {} : { selected }) },
      },
      signal,
    }),
  )

/** Every scored patient of the round in rank order, a page at a time, with its cost and whether the round
 * proposes it. */
export const getRoundScoresQueryOptions = (roundId: string) =>
  infiniteQueryOptions({
    queryKey: ['rounds', roundId, 'scores'],
    queryFn: ({ pageParam, signal }) => getRoundScoresPage(roundId, { cursor: pageParam }, signal),
    ...pagedQuery,
  })

export function useRoundScores(roundId: string) {
  return useInfiniteQuery(getRoundScoresQueryOptions(roundId))
}

/** The whole selection of the round (bounded by its batch size), in rank order: what the review starts from and
 * what a finished round's summary counts, whichever pages of the scores are loaded. */
export const selectedScoresQueryOptions = (roundId: string) =>
  queryOptions({
    queryKey: ['rounds', roundId, 'scores', 'selected'],
    queryFn: ({ signal }) =>
      allPages((cursor) => getRoundScoresPage(roundId, { cursor, selected: true, limit: MAX_PAGE_SIZE }, signal)),
  })

export function useSelectedScores(roundId: string) {
  return useQuery(selectedScoresQueryOptions(roundId))
}
