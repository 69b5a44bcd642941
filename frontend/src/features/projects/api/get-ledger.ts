import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { client } from '@/lib/api-client'
import { type Page, pagedQuery, pageOf, pageParams } from '@/lib/paging'
import type { Ledger } from '@/types/api'

/** One page of the ledger's entries (newest first) with the whole ledger's figures and burn-down. */
export const getLedgerPage = (projectId: string, cursor: string | null = null, signal?: AbortSignal) =>
  pageOf(
    client.GET('/api/projects/{project_id}/ledger', {
      params: { path: { project_id: projectId }, query: pageParams(cursor) },
      signal,
    }),
  )

/** The ledger as one statement: the figures of the newest page fetched (every page carries them) and the entries of
 * every loaded page. */
export function joinLedgerPages(pages: readonly Page<Ledger>[]): Ledger | undefined {
  if (pages.length === 0) return undefined
  return { ...pages[0].data, entries: pages.flatMap((page) => page.data.entries) }
}

/** Refetched with the project (same key prefix), so a budget change or a submission shows up at once. */
export const ledgerQueryOptions = (projectId: string) =>
  infiniteQueryOptions({
    queryKey: ['projects', projectId, 'ledger'],
    queryFn: ({ pageParam, signal }) => getLedgerPage(projectId, pageParam, signal),
    ...pagedQuery,
  })

export function useLedger(projectId: string) {
  return useInfiniteQuery({ ...ledgerQueryOptions(projectId), select: (data) => joinLedgerPages(data.pages) })
}
