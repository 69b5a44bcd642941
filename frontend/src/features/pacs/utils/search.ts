/** The QIDO-RS search form: what the lead typed, turned into the query the server forwards to the PACS. */

export interface PacsFilters {
  patientId: string
  accession: string
  modality: string
  dateFrom: string
  dateTo: string
  description: string
}

export const EMPTY_FILTERS: PacsFilters = {
  patientId: '',
  accession: '',
  modality: '',
  dateFrom: '',
  dateTo: '',
  description: '',
}

/** Studies asked for per search; the table says when the PACS had more (narrow the search then). */
export const SEARCH_LIMIT = 100

export interface PacsSearchQuery {
  patient_id?: string
  accession?: string
  modality?: string
  date_from?: string
  date_to?: string
  description?: string
  limit: number
  offset: number
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** Empty fields are left out (no constraint); text is trimmed; the modality is upper-case as DICOM writes it. */
export function searchQuery(filters: PacsFilters, offset = 0): PacsSearchQuery {
  const query: PacsSearchQuery = { limit: SEARCH_LIMIT, offset }
  const set = (key: keyof Omit<PacsSearchQuery, 'limit' | 'offset'>, value: string) => {
    const trimmed = value.trim()
    if (trimmed !== '') query[key] = trimmed
  }
  set('patient_id', filters.patientId)
  set('accession', filters.accession)
  set('modality', filters.modality.toUpperCase())
  set('date_from', filters.dateFrom)
  set('date_to', filters.dateTo)
  set('description', filters.description)
  return query
}

/** Why the form cannot be searched as it stands, or null. */
export function filtersProblem(filters: PacsFilters): string | null {
  for (const [name, value] of [
    ['From', filters.dateFrom],
    ['To', filters.dateTo],
  ] as const) {
    if (value !== '' && !ISO_DATE.test(value)) return `${name} date must be a date (YYYY-MM-DD)`
  }
  if (filters.dateFrom !== '' && filters.dateTo !== '' && filters.dateFrom > filters.dateTo) {
    return 'The From date is after the To date'
  }
  if (filters.modality.trim() !== '' && !/^[A-Za-z]{2,16}$/.test(filters.modality.trim())) {
    return 'Modality is a DICOM modality code such as MR, CT or SEG'
  }
  return null
}

/** A DICOM DA value (`20240115`) or an ISO date as `2024-01-15`; a dash when there is none. */
export function formatStudyDate(value: string | null | undefined): string {
  if (!value) return '–'
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`
  return value.slice(0, 10)
}
