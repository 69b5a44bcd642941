import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS, filtersProblem, formatStudyDate, SEARCH_LIMIT, searchQuery } from './search'

describe('searchQuery', () => {
  it('leaves out empty fields, trims text and upper-cases the modality', () => {
    expect(
      searchQuery({ ...EMPTY_FILTERS, patientId: ' PGBM-001 ', modality: 'mr', dateFrom: '2020-01-01' }, 100),
    ).toEqual({ patient_id: 'PGBM-001', modality: 'MR', date_from: '2020-01-01', limit: SEARCH_LIMIT, offset: 100 })
    expect(searchQuery(EMPTY_FILTERS)).toEqual({ limit: SEARCH_LIMIT, offset: 0 })
  })
})

describe('filtersProblem', () => {
  it('accepts an empty form and a date range in order', () => {
    expect(filtersProblem(EMPTY_FILTERS)).toBeNull()
    expect(filtersProblem({ ...EMPTY_FILTERS, dateFrom: '2020-01-01', dateTo: '2020-01-01' })).toBeNull()
  })

  it('refuses a reversed range, a malformed date and a modality that is no code', () => {
    expect(filtersProblem({ ...EMPTY_FILTERS, dateFrom: '2021-01-01', dateTo: '2020-01-01' })).toMatch(/after/)
    expect(filtersProblem({ ...EMPTY_FILTERS, dateTo: '01/02/2020' })).toMatch(/To date/)
    expect(filtersProblem({ ...EMPTY_FILTERS, modality: 'M R' })).toMatch(/modality code/)
  })
})

describe('formatting', () => {
  it('writes DICOM dates for people', () => {
    expect(formatStudyDate('20240115')).toBe('2024-01-15')
    expect(formatStudyDate('2024-01-15T00:00:00')).toBe('2024-01-15')
    expect(formatStudyDate(null)).toBe('–')
  })
})
