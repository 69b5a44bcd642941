/**
 * The one fetch wrapper of the app. Every request goes through `apiFetch` so that errors always surface the
 * server's `detail` text and an expired session always lands on the login page.
 */

export class ApiError extends Error {
  readonly status: number
  readonly code: string | null
  /** Seconds the server asked the client to wait (`Retry-After` on a 429), or null. */
  readonly retryAfterSeconds: number | null

  constructor(status: number, detail: string, code: string | null = null, retryAfterSeconds: number | null = null) {
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** Reads a `Retry-After` header: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, Math.ceil((date - now) / 1000))
}

/** Turns any error body (`{error, detail}`, FastAPI's validation list, plain text) into one readable sentence. */
export function detailFromBody(status: number, body: unknown, statusText = ''): string {
  if (body && typeof body === 'object' && 'detail' in body) {
    const detail = (body as { detail: unknown }).detail
    if (typeof detail === 'string' && detail.trim() !== '') return detail
    if (Array.isArray(detail) && detail.length > 0) {
      return detail
        .map((item) => {
          if (item && typeof item === 'object' && 'msg' in item) {
            const loc = Array.isArray((item as { loc?: unknown }).loc)
              ? (item as { loc: unknown[] }).loc.filter((part) => part !== 'body').join('.')
              : ''
            const msg = String((item as { msg: unknown }).msg)
            return loc ? `${loc}: ${msg}` : msg
          }
          return String(item)
        })
        .join('; ')
    }
  }
  if (typeof body === 'string' && body.trim() !== '' && body.length < 300) return body.trim()
  return `Request failed (${status}${statusText ? ` ${statusText}` : ''})`
}

function errorCode(body: unknown): string | null {
  if (body && typeof body === 'object' && 'error' in body) {
    const code = (body as { error: unknown }).error
    return typeof code === 'string' ? code : null
  }
  return null
}

function redirectToLogin(): void {
  if (window.location.pathname === '/login') return
  const next = encodeURIComponent(window.location.pathname + window.location.search)
  window.location.assign(`/login?next=${next}`)
}

/** Where a 401 sends the user; tests swap it out because they have no window. */
let onUnauthorized: () => void = redirectToLogin

export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

type ResponseKind = 'json' | 'bytes' | 'none'

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  json?: unknown
  form?: FormData
  responseType?: ResponseKind
  signal?: AbortSignal
}

/** Paths whose 401 means "wrong credentials", not "session expired". */
const NO_REDIRECT_PATHS = ['/api/auth/login', '/api/auth/me']

export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const { method = 'GET', json, form, responseType = 'json', signal } = request
  const headers: Record<string, string> = { Accept: responseType === 'bytes' ? '*/*' : 'application/json' }
  let body: BodyInit | undefined
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(json)
  } else if (form) {
    body = form
  }
  const response = await fetch(path, { method, headers, body, signal, credentials: 'same-origin' })
  if (!response.ok) {
    const text = await response.text().catch(() => '')
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the text for detailFromBody.
    }
    if (response.status === 401 && !NO_REDIRECT_PATHS.includes(path)) onUnauthorized()
    throw new ApiError(
      response.status,
      detailFromBody(response.status, parsed, response.statusText),
      errorCode(parsed),
      parseRetryAfter(response.headers.get('Retry-After')),
    )
  }
  if (responseType === 'none' || response.status === 204) return undefined as T
  if (responseType === 'bytes') return (await response.arrayBuffer()) as T
  return (await response.json()) as T
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiFetch<T>(path, { signal }),
  bytes: (path: string, signal?: AbortSignal) => apiFetch<ArrayBuffer>(path, { responseType: 'bytes', signal }),
  post: <T>(path: string, json?: unknown) => apiFetch<T>(path, { method: 'POST', json }),
  patch: <T>(path: string, json: unknown) => apiFetch<T>(path, { method: 'PATCH', json }),
  postForm: <T>(path: string, form: FormData) => apiFetch<T>(path, { method: 'POST', form }),
}
