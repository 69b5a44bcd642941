import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getPatientsQueryOptions } from '@/features/projects/api/get-patients'
import { joinLedgerPages } from '@/features/projects/api/get-ledger'
import type { Ledger, LedgerEntry } from '@/types/api'
import { allPages, nextCursorOf, type Page, pagedQuery, pageParams, pageRows } from './paging'

describe('nextCursorOf', () => {
  it('reads the X-Next-Cursor header, and an absent or empty one as the last page', () => {
    expect(nextCursorOf(new Response('[]', { headers: { 'X-Next-Cursor': 'abc_-1' } }))).toBe('abc_-1')
    expect(nextCursorOf(new Response('[]'))).toBeNull()
    expect(nextCursorOf(new Response('[]', { headers: { 'X-Next-Cursor': '' } }))).toBeNull()
  })
})

describe('pageParams', () => {
  it('sends a cursor only after the first page', () => {
    expect(pageParams(null)).toEqual({})
    expect(pageParams('c1')).toEqual({ cursor: 'c1' })
    expect(pageParams('c1', 1000)).toEqual({ cursor: 'c1', limit: 1000 })
  })
})

describe('pagedQuery', () => {
  it('starts without a cursor and stops at a page that names none', () => {
    expect(pagedQuery.initialPageParam).toBeNull()
    expect(pagedQuery.getNextPageParam({ data: [1], nextCursor: 'n' })).toBe('n')
    expect(pagedQuery.getNextPageParam({ data: [1], nextCursor: null })).toBeNull()
  })
})

describe('pageRows', () => {
  it('concatenates the loaded pages in order', () => {
    expect(pageRows(undefined)).toEqual([])
    expect(
      pageRows([
        { data: [1, 2], nextCursor: 'a' },
        { data: [3], nextCursor: null },
      ]),
    ).toEqual([1, 2, 3])
  })
})

describe('allPages', () => {
  it('follows the cursors to the last page', async () => {
    const pages: Record<string, Page<number[]>> = {
      start: { data: [1, 2], nextCursor: 'p2' },
      p2: { data: [3, 4], nextCursor: 'p3' },
      p3: { data: [5], nextCursor: null },
    }
    const asked: (string | null)[] = []
    const rows = await allPages((cursor) => {
      asked.push(cursor)
      return Promise.resolve(pages[cursor ?? 'start'])
    })
    expect(rows).toEqual([1, 2, 3, 4, 5])
    expect(asked).toEqual([null, 'p2', 'p3'])
  })

  it('refuses a list whose cursor does not advance instead of looping', async () => {
    await expect(allPages(() => Promise.resolve({ data: [1], nextCursor: 'same' }))).rejects.toThrow('did not advance')
  })
})

describe('a paged list through the API client', () => {
  afterEach(() => vi.unstubAllGlobals())

  const patient = (externalId: string) => ({
    id: externalId,
    external_id: externalId,
    split: 'pool',
    status: 'unlabeled',
    state: 'unlabeled',
    annotation_version: null,
    shape: [1, 1, 1],
    cost: 1,
  })

  it('sends the filters with each page cursor and pages until the header is gone', async () => {
    const served: Record<string, { rows: string[]; next?: string }> = {
      '': { rows: ['a', 'b'], next: 'c1' },
      c1: { rows: ['c', 'd'], next: 'c2' },
      c2: { rows: ['e'] },
    }
    const urls: URL[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn((request: Request) => {
        const url = new URL(request.url)
        urls.push(url)
        const page = served[url.searchParams.get('cursor') ?? '']
        const headers: Record<string, string> = { 'Content-Type': 'application/json' }
        if (page.next) headers['X-Next-Cursor'] = page.next
        return Promise.resolve(new Response(JSON.stringify(page.rows.map(patient)), { headers }))
      }),
    )
    const queryClient = new QueryClient()
    const options = getPatientsQueryOptions('p1', { split: 'pool', q: 'x' })
    const first = await queryClient.fetchInfiniteQuery(options)
    expect(pageRows(first.pages).map((p) => p.external_id)).toEqual(['a', 'b'])
    expect(first.pageParams).toEqual([null])
    const all = await queryClient.fetchInfiniteQuery({ ...options, pages: 5, staleTime: 0 })
    expect(pageRows(all.pages).map((p) => p.external_id)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(all.pageParams).toEqual([null, 'c1', 'c2'])
    for (const url of urls) {
      expect(url.pathname).toBe('/api/projects/p1/patients')
      expect(url.searchParams.get('split')).toBe('pool')
      expect(url.searchParams.get('q')).toBe('x')
    }
    expect(urls[0].searchParams.has('cursor')).toBe(false)
  })
})

describe('joinLedgerPages', () => {
  const entry = (id: string) => ({ id }) as LedgerEntry
  const page = (ids: string[], remaining: number, nextCursor: string | null): Page<Ledger> => ({
    data: {
      budget_total: 10,
      budget_spent: 10 - remaining,
      budget_remaining: remaining,
      credits: 10,
      debits: remaining - 10,
      balanced: true,
      entries: ids.map(entry),
      burn_down: [],
    },
    nextCursor,
  })

  it('keeps the first page figures and every page entries in order', () => {
    expect(joinLedgerPages([])).toBeUndefined()
    const joined = joinLedgerPages([page(['e3', 'e2'], 4, 'c'), page(['e1'], 4, null)])
    expect(joined?.entries.map((e) => e.id)).toEqual(['e3', 'e2', 'e1'])
    expect(joined?.budget_remaining).toBe(4)
  })
})
