/**
 * Keyset pages of the API's long lists (patients, a round's scores, the project's annotations, the ledger): the
 * body is one page, and the `X-Next-Cursor` header (also in `Link: <…>; rel="next"`) is what to send as `cursor`
 * for the next one; its absence means this was the last page. A cursor is opaque: never built or read here.
 *
 * Tables use TanStack Query's `useInfiniteQuery` with {@link pagedQuery}: the first page on load, the next ones on
 * "Load more"; a refetch (an invalidated key) walks the loaded pages again from the first, so no row is lost or
 * shown twice after a change.
 */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor'

/** The server's largest page (`limit` ≤ 1000); lists read whole (a round's selection) ask for this many at once. */
export const MAX_PAGE_SIZE = 1000

/** One page as the client keeps it: the body and the cursor of the page after it (null: none). */
export interface Page<Body> {
  data: Body
  nextCursor: string | null
}

/** The next page's cursor announced by a response; an empty header counts as none. */
export function nextCursorOf(response: Pick<Response, 'headers'>): string | null {
  const value = response.headers.get(NEXT_CURSOR_HEADER)
  return value ? value : null
}

/** A request through the API client (its errors already thrown) read as a page: the body and the next cursor. */
export async function pageOf<Body>(pending: Promise<{ data?: Body; response: Response }>): Promise<Page<Body>> {
  const { data, response } = await pending
  return { data: data as Body, nextCursor: nextCursorOf(response) }
}

/** The query parameters of a page: the cursor only after the first (the server refuses an empty one). */
export function pageParams(cursor: string | null, limit?: number): { cursor?: string; limit?: number } {
  return { ...(cursor ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) }
}

/** The infinite-query options every paged list shares: start without a cursor, stop when a page names none. */
export const pagedQuery = {
  initialPageParam: null as string | null,
  getNextPageParam: <Body>(last: Page<Body>): string | null => last.nextCursor,
}

/** The rows of every loaded page of a list body, in order. */
export function pageRows<Row>(pages: readonly Page<readonly Row[]>[] | undefined): Row[] {
  return pages ? pages.flatMap((page) => page.data) : []
}

/**
 * Every page of a list, one request after the other (for a list that must be whole to be right, like the round's
 * proposed selection, which is bounded by the round's batch size); `fetchPage` gets the previous page's cursor.
 */
export async function allPages<Row>(
  fetchPage: (cursor: string | null) => Promise<Page<readonly Row[]>>,
): Promise<Row[]> {
  const rows: Row[] = []
  let cursor: string | null = null
  do {
    const page: Page<readonly Row[]> = await fetchPage(cursor)
    rows.push(...page.data)
    if (page.nextCursor !== null && page.nextCursor === cursor) throw new Error('The list did not advance')
    cursor = page.nextCursor
  } while (cursor !== null)
  return rows
}
