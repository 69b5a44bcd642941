import { type FormEvent, useState } from 'react'
import { EMPTY_FILTERS, filtersProblem, type PacsFilters } from '../utils/search'

/** QIDO-RS search fields; every one optional (an empty form lists the newest studies, up to the page limit). */
export function PacsSearchForm({
  initial = EMPTY_FILTERS,
  busy,
  onSearch,
}: {
  initial?: PacsFilters
  busy: boolean
  onSearch: (filters: PacsFilters) => void
}) {
  const [filters, setFilters] = useState<PacsFilters>(initial)
  const [problem, setProblem] = useState<string | null>(null)
  const set = (key: keyof PacsFilters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [key]: event.target.value }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const found = filtersProblem(filters)
    setProblem(found)
    if (found === null) onSearch(filters)
  }

  return (
    <form className="card pacs-search" onSubmit={submit} aria-labelledby="pacs-search-title" data-testid="pacs-search">
      <h2 id="pacs-search-title">Search the PACS</h2>
      <div className="search-grid">
        <label htmlFor="pacs-patient-id">Patient ID</label>
        <input id="pacs-patient-id" value={filters.patientId} onChange={set('patientId')} autoComplete="off" />
        <label htmlFor="pacs-accession">Accession number</label>
        <input id="pacs-accession" value={filters.accession} onChange={set('accession')} autoComplete="off" />
        <label htmlFor="pacs-modality">Modality</label>
        <input
          id="pacs-modality"
          list="pacs-modalities"
          placeholder="MR, CT…"
          value={filters.modality}
          onChange={set('modality')}
          autoComplete="off"
        />
        <datalist id="pacs-modalities">
          {['MR', 'CT', 'PT', 'US', 'CR', 'DX', 'MG', 'SEG'].map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <label htmlFor="pacs-date-from">Study date from</label>
        <input id="pacs-date-from" type="date" value={filters.dateFrom} onChange={set('dateFrom')} />
        <label htmlFor="pacs-date-to">Study date to</label>
        <input id="pacs-date-to" type="date" value={filters.dateTo} onChange={set('dateTo')} />
        <label htmlFor="pacs-description">Study description</label>
        <input
          id="pacs-description"
          placeholder="e.g. brain (* and ? are wildcards)"
          value={filters.description}
          onChange={set('description')}
          autoComplete="off"
        />
      </div>
      <div className="form-row">
        <button type="submit" className="primary compact" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
        <button
          type="button"
          onClick={() => {
            setFilters(EMPTY_FILTERS)
            setProblem(null)
          }}
        >
          Clear
        </button>
      </div>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  )
}
