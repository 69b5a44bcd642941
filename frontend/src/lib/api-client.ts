/**
 * The one HTTP client of the app: openapi-fetch typed by the generated `paths` (src/types/openapi.gen.ts), so a
 * request's path, parameters, body and answer are checked against the server's OpenAPI document at compile time.
 * Every error surfaces the server's `detail` text as a thrown `ApiError`, and an expired session always lands on
 * the login page; callers only ever see data (`unwrap`).
 */
import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from '@/types/openapi.gen'

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
    const detail = body.detail
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
    const code = body.error
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

/** Paths whose 401 means "wrong credentials", not "session expired". */
const NO_REDIRECT_PATHS = ['/api/auth/login', '/api/auth/me']

/** Reads a failed answer into an ApiError (and sends an expired session to the login page). */
async function errorFrom(response: Response, path: string): Promise<ApiError> {
  const text = await response.text().catch(() => '')
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text for detailFromBody.
  }
  if (response.status === 401 && !NO_REDIRECT_PATHS.includes(path)) onUnauthorized()
  return new ApiError(
    response.status,
    detailFromBody(response.status, parsed, response.statusText),
    errorCode(parsed),
    parseRetryAfter(response.headers.get('Retry-After')),
  )
}

/** Every non-2xx answer becomes a thrown ApiError, so no caller has to look at openapi-fetch's `error`. */
const throwOnError: Middleware = {
  async onResponse({ response, schemaPath }) {
    if (!response.ok) throw await errorFrom(response, schemaPath)
    return undefined
  },
}

export const client = createClient<paths>({
  // Same origin in the browser (relative URLs, the session cookie); Node (the unit tests) has no page to resolve
  // a relative URL against, so requests there go to a placeholder origin.
  baseUrl: globalThis.location?.origin ?? 'http://localhost',
  // Looked up per request rather than captured once, so tests can stub the global fetch.
  fetch: (request) => globalThis.fetch(request),
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
})
client.use(throwOnError)

/** The data of a request through `client` (its errors were thrown above); undefined for a 204. */
export async function unwrap<T>(pending: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await pending).data as T
}

/** Options for a binary download (a NIfTI volume or mask): the raw bytes, whatever their media type. */
export const asBytes = { parseAs: 'arrayBuffer', headers: { Accept: '*/*' } } as const

type FormValue = Blob | string | number | boolean | null | undefined

/**
 * Serialises a multipart body (typed by the generated schema) to FormData: a list becomes one field per item, a
 * File keeps its name, and null or undefined fields are left out so the server applies its default.
 */
export function toFormData(body: Record<string, FormValue | FormValue[]>): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue
      form.append(name, item instanceof Blob ? item : String(item))
    }
  }
  return form
}
