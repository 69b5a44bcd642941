import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  client,
  detailFromBody,
  parseRetryAfter,
  setUnauthorizedHandler,
  toFormData,
  unwrap,
} from './api-client'

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

describe('client', () => {
  afterEach(() => vi.unstubAllGlobals())

  function stubFetch(status: number, body: string, headers: Record<string, string> = {}) {
    const fetchMock = vi.fn((_request: Request) =>
      Promise.resolve(new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } })),
    )
    vi.stubGlobal('fetch', fetchMock)
    return fetchMock
  }

  const login = () => unwrap(client.POST('/api/auth/login', { body: { username: 'u', password: 'p' } }))

  it('throws an ApiError carrying the server detail and error code', async () => {
    stubFetch(409, JSON.stringify({ error: 'BudgetExceeded', detail: 'Budget cannot cover this patient' }))
    const error = await unwrap(
      client.POST('/api/rounds/{round_id}/approve', { params: { path: { round_id: 'r1' } }, body: {} }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).code).toBe('BudgetExceeded')
    expect((error as ApiError).message).toBe('Budget cannot cover this patient')
  })

  it('calls the unauthorized handler on a 401 from a protected endpoint', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    stubFetch(401, JSON.stringify({ error: 'Unauthorized', detail: 'Not authenticated' }))
    await expect(unwrap(client.GET('/api/queue'))).rejects.toThrow('Not authenticated')
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('carries Retry-After on a 429 and does not redirect', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    const detail = 'Too many failed logins for this account; try again in 30 seconds'
    stubFetch(429, JSON.stringify({ error: 'TooManyRequests', detail }), { 'Retry-After': '30' })
    const error = (await login().catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(429)
    expect(error.message).toBe(detail)
    expect(error.retryAfterSeconds).toBe(30)
    expect(handler).not.toHaveBeenCalled()
  })

  it('does not redirect when the login itself is rejected', async () => {
    const handler = vi.fn()
    setUnauthorizedHandler(handler)
    stubFetch(401, JSON.stringify({ error: 'Unauthorized', detail: 'Wrong username or password' }))
    await expect(login()).rejects.toThrow('Wrong username')
    expect(handler).not.toHaveBeenCalled()
  })

  it('sends JSON bodies with a content type to the encoded path and parses JSON answers', async () => {
    const fetchMock = stubFetch(200, JSON.stringify({ id: 'p1' }))
    await expect(
      unwrap(
        client.PATCH('/api/projects/{project_id}/budget', {
          params: { path: { project_id: 'p/1' } },
          body: { budget_total: 5 },
        }),
      ),
    ).resolves.toEqual({ id: 'p1' })
    const [request] = fetchMock.mock.calls[0]
    expect(new URL(request.url).pathname).toBe('/api/projects/p%2F1/budget')
    expect(request.method).toBe('PATCH')
    expect(request.credentials).toBe('same-origin')
    expect(request.headers.get('Content-Type')).toBe('application/json')
    expect(await request.text()).toBe('{"budget_total":5}')
  })

  it('resolves a 204 to undefined', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(null, { status: 204 }))),
    )
    await expect(
      unwrap(client.DELETE('/api/patients/{patient_id}/reservation', { params: { path: { patient_id: 'p1' } } })),
    ).resolves.toBeUndefined()
  })
})

describe('toFormData', () => {
  it('sends each field once, a list once per item, a file with its name, and leaves out null and undefined', () => {
    const file = new File([new Uint8Array([1])], 'mask.nii')
    const form = toFormData({
      mask: file,
      files: [file, file],
      time_spent_s: 12.5,
      base_version: null,
      note: undefined,
    })
    expect((form.get('mask') as File).name).toBe('mask.nii')
    expect(form.getAll('files')).toHaveLength(2)
    expect(form.get('time_spent_s')).toBe('12.5')
    expect(form.has('base_version')).toBe(false)
    expect(form.has('note')).toBe(false)
  })
})
