import type { PatientState, Split } from '@/types/api'
import { STATE_WORDS } from './patient-state'

/**
 * What the lead's patient list is narrowed to. It lives in the page's URL (`?tab=patients&q=017&state=queued`), so a
 * link or a reload reproduces the view; the server does the filtering (`GET /api/projects/{id}/patients`).
 */
export interface PatientFilters {
  /** Part of the external id (the pseudonym), any case. */
  q?: string
  split?: Split
  state?: PatientState
  /** A round's number: only the patients it selected. */
  round?: number
}

/** The URL parameters the filters use; every other parameter of the page (the tab, say) is left alone. */
export const FILTER_PARAMS = ['q', 'split', 'state', 'round'] as const
export type FilterParam = (typeof FILTER_PARAMS)[number]

const SPLITS: readonly Split[] = ['pool', 'validation']
const STATES = Object.keys(STATE_WORDS) as PatientState[]

/** The server refuses a longer search (`max_length` of the `q` parameter). */
export const MAX_SEARCH = 128

const isSplit = (value: string): value is Split => (SPLITS as readonly string[]).includes(value)
const isState = (value: string): value is PatientState => (STATES as readonly string[]).includes(value)

/**
 * The filters a URL names. A value the API would refuse (a mistyped state, round "abc", an old link) is dropped
 * rather than turned into an error page: the list then shows more, never a 422.
 */
export function filtersFromParams(params: URLSearchParams): PatientFilters {
  const filters: PatientFilters = {}
  const q = params.get('q')?.trim()
  if (q) filters.q = q.slice(0, MAX_SEARCH)
  const split = params.get('split')
  if (split && isSplit(split)) filters.split = split
  const state = params.get('state')
  if (state && isState(state)) filters.state = state
  const round = params.get('round')
  if (round && /^[1-9]\d{0,8}$/.test(round)) filters.round = Number(round)
  return filters
}

/** `params` with one filter set (or removed, for an empty value); the other parameters are kept as they were. */
export function withFilter(params: URLSearchParams, name: FilterParam, value: string | number | undefined) {
  const next = new URLSearchParams(params)
  const text = value === undefined ? '' : String(value).trim()
  if (text) next.set(name, text)
  else next.delete(name)
  return next
}

/** `params` without any filter (the tab and anything else stay). */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const name of FILTER_PARAMS) next.delete(name)
  return next
}

export const hasFilters = (filters: PatientFilters) => Object.keys(filters).length > 0

/** What the list above the table says: "3 patients match the filters", or "10 patients" unfiltered; with `more`
 * (another page to load) it counts what is shown: "100 patients shown, more to load". */
export function describeMatches(shown: number, filtered: boolean, more = false): string {
  const patients = `${shown} ${shown === 1 ? 'patient' : 'patients'}`
  if (more)
    return filtered ? `${patients} shown that match the filters, more to load` : `${patients} shown, more to load`
  if (!filtered) return patients
  return shown === 1 ? '1 patient matches the filters' : `${shown} patients match the filters`
}
