import { type FormEvent, useEffect, useState } from 'react'
import type { PatientState, Round } from '@/types/api'
import { type FilterParam, hasFilters, MAX_SEARCH, type PatientFilters } from '../utils/patient-filters'
import { STATE_WORDS } from '../utils/patient-state'

/** Typing waits this long before the list is asked again, so a search costs one request, not one per key. */
const SEARCH_DELAY_MS = 300

/**
 * Search and filters above the lead's patient list, as on a PACS worklist: a search box (part of the pseudonym) and
 * split, state and round selects. The values live in the URL (the owner passes them in and gets every change), so a
 * shared link opens the same view.
 */
export function PatientFilterBar(props: {
  filters: PatientFilters
  rounds: readonly Round[]
  onChange: (name: FilterParam, value: string | undefined) => void
  onClear: () => void
}) {
  const { filters, rounds, onChange, onClear } = props
  const urlQuery = filters.q ?? ''
  const [text, setText] = useState(urlQuery)
  // The URL changed under the box (back button, "Clear filters", a link): show what it says now.
  const [shownQuery, setShownQuery] = useState(urlQuery)
  if (shownQuery !== urlQuery) {
    setShownQuery(urlQuery)
    if (text.trim() !== urlQuery) setText(urlQuery)
  }

  useEffect(() => {
    if (text.trim() === urlQuery) return
    const timer = window.setTimeout(() => onChange('q', text), SEARCH_DELAY_MS)
    return () => window.clearTimeout(timer)
  }, [text, urlQuery, onChange])

  function submit(event: FormEvent) {
    event.preventDefault()
    if (text.trim() !== urlQuery) onChange('q', text)
  }

  const numbers = [...rounds].map((round) => round.number).sort((a, b) => b - a)
  return (
    <form role="search" aria-label="Filter patients" className="form-row patient-filters" onSubmit={submit}>
      <label>
        Search{' '}
        <input
          type="search"
          data-testid="patient-search"
          placeholder="Pseudonym or part of it"
          maxLength={MAX_SEARCH}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <label>
        Split{' '}
        <select
          data-testid="patient-filter-split"
          value={filters.split ?? ''}
          onChange={(event) => onChange('split', event.target.value || undefined)}
        >
          <option value="">any</option>
          <option value="pool">pool</option>
          <option value="validation">validation</option>
        </select>
      </label>
      <label>
        State{' '}
        <select
          data-testid="patient-filter-state"
          value={filters.state ?? ''}
          onChange={(event) => onChange('state', event.target.value || undefined)}
        >
          <option value="">any</option>
          {(Object.keys(STATE_WORDS) as PatientState[]).map((state) => (
            <option key={state} value={state}>
              {STATE_WORDS[state]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Selected in{' '}
        <select
          data-testid="patient-filter-round"
          value={filters.round ?? ''}
          onChange={(event) => onChange('round', event.target.value || undefined)}
        >
          <option value="">any round</option>
          {/* A link may name a round this page does not list (yet): keep it selectable rather than blank. */}
          {filters.round !== undefined && !numbers.includes(filters.round) && (
            <option value={filters.round}>round {filters.round}</option>
          )}
          {numbers.map((number) => (
            <option key={number} value={number}>
              round {number}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="patient-filters-clear" disabled={!hasFilters(filters)} onClick={onClear}>
        Clear filters
      </button>
    </form>
  )
}
