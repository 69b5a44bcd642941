import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import { type Page, pagedQuery, pageOf, pageParams } from '@/lib/paging'
import type { ReviewItem, ReviewStatus } from '@/types/api'

/** One page of the caller's review queue in `status`, oldest change first, across the projects they review. */
export const getReviewsPage = (
  status: ReviewStatus,
  cursor: string | null = null,
  signal?: AbortSignal,
): Promise<Page<ReviewItem[]>> =>
  pageOf(client.GET('/api/reviews', { params: { query: { status, ...pageParams(cursor) } }, signal }))

export const reviewsQueryOptions = (status: ReviewStatus) =>
  infiniteQueryOptions({
    queryKey: ['reviews', 'queue', status],
    queryFn: ({ pageParam, signal }) => getReviewsPage(status, pageParam, signal),
    ...pagedQuery,
  })

/** Fetched fresh on every visit and every 30 s: readers submit and colleagues decide while the page is open. */
export function useReviewQueue(status: ReviewStatus) {
  return useInfiniteQuery({ ...reviewsQueryOptions(status), refetchOnMount: 'always', refetchInterval: 30_000 })
}

export const reviewQueryOptions = (patientId: string) =>
  queryOptions({
    queryKey: ['reviews', 'case', patientId],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/patients/{patient_id}/review', { params: { path: { patient_id: patientId } }, signal })),
  })

/** A case for its reviewer (reads, versions, decisions); fetched fresh on opening: its reader may have resubmitted. */
export function useReviewCase(patientId: string) {
  return useQuery({ ...reviewQueryOptions(patientId), refetchOnMount: 'always' })
}
