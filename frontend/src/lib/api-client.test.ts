import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiFetch, detailFromBody, parseRetryAfter, setUnauthorizedHandler } from './api-client'

describe('detailFromBody', () => {
  it('returns the server detail string', () => {
    expect(detailFromBody(409, { error: 'Conflict', detail: 'A round is already running' })).toBe(
      'A round is already running',
    )
  })

  it('joins FastAPI validation errors with their field path', () => {
    const body = { detail: [{ loc: ['body', 'budget_total'], msg: 'must be >= 0', type: 'value_error' }] }
    expect(detailFromBody(422, body)).toBe('budget_total: must be >= 0')
  })

  it('falls back to the status when the body says nothing useful', () => {
    expect(detailFromBody(502, '<html>' + 'x'.repeat(400), 'Bad Gateway')).toBe('Request failed (502 Bad Gateway)')
  })
})

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120')).toBe(120)
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now)).toBe(30)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
  })
})

describe('apiFetch', () => {
  afterEach(() => vi.unstubAllGlobals())

  function stubFetch(status: number, body: string) {
    const fetchMock = vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } }))
    vi.stubGlobal('fetch', fetchMock)
    return fetchMock
  }

  it('throws an ApiError carrying the server detail and error code', async () => {
    stubFetch(409, JSON.stringify({ error: 'BudgetExceeded', detail: 'Budget cannot cover this patient' }))
    const error = await apiFetch('/api/patients/1/annotations', { method: 'POST' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).code).toBe('BudgetExceeded')
    expect((error as ApiError).message).toBe('Budget cannot cover this patient')
  })

  it('calls the unauthorized handler on a 401 from a protected endpoint', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    stubFetch(401, JSON.stringify({ error: 'Unauthorized', detail: 'Not authenticated' }))
    await expect(apiFetch('/api/queue')).rejects.toThrow('Not authenticated')
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('carries Retry-After on a 429 and does not redirect', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    const detail = 'Too many failed logins for this account; try again in 30 seconds'
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: 'TooManyRequests', detail }), {
            status: 429,
            headers: { 'Content-Type': 'application/json', 'Retry-After': '30' },
          }),
      ),
    )
    const error = (await apiFetch('/api/auth/login', { method: 'POST', json: {} }).catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(429)
    expect(error.message).toBe(detail)
    expect(error.retryAfterSeconds).toBe(30)
    expect(handler).not.toHaveBeenCalled()
  })

  it('does not redirect when the login itself is rejected', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    stubFetch(401, JSON.stringify({ error: 'Unauthorized', detail: 'Wrong username or password' }))
    await expect(apiFetch('/api/auth/login', { method: 'POST', json: {} })).rejects.toThrow('Wrong username')
    expect(handler).not.toHaveBeenCalled()
  })

  it('sends JSON bodies with a content type and parses JSON answers', async () => {
    const fetchMock = stubFetch(200, JSON.stringify({ id: 'p1' }))
    await expect(apiFetch('/api/projects/p1/budget', { method: 'PATCH', json: { budget_total: 5 } })).resolves.toEqual({
      id: 'p1',
    })
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"budget_total":5}')
  })
})
