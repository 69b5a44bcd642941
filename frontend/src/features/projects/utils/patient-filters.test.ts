import { describe, expect, it } from 'vitest'
import { describeMatches, filtersFromParams, hasFilters, withFilter, withoutFilters } from './patient-filters'

describe('filtersFromParams', () => {
  it('reads every filter the URL names', () => {
    const params = new URLSearchParams('tab=patients&q=%20Hippo_01%20&split=validation&state=set_aside&round=3')
    expect(filtersFromParams(params)).toEqual({ q: 'Hippo_01', split: 'validation', state: 'set_aside', round: 3 })
  })
  it('drops what the API would refuse instead of failing the page', () => {
    const params = new URLSearchParams('q=%20%20&split=training&state=done&round=0')
    expect(filtersFromParams(params)).toEqual({})
    expect(filtersFromParams(new URLSearchParams('round=abc'))).toEqual({})
    expect(filtersFromParams(new URLSearchParams('round=1e3'))).toEqual({})
    expect(filtersFromParams(new URLSearchParams('round=9999999999'))).toEqual({})
    expect(filtersFromParams(new URLSearchParams(`q=${'x'.repeat(200)}`)).q).toHaveLength(128)
  })
  it('knows no filter as none', () => {
    expect(hasFilters(filtersFromParams(new URLSearchParams('tab=patients')))).toBe(false)
    expect(hasFilters({ state: 'queued' })).toBe(true)
  })
})

describe('withFilter / withoutFilters', () => {
  it('sets and clears one filter and keeps the tab', () => {
    const start = new URLSearchParams('tab=patients&state=queued')
    const set = withFilter(start, 'q', ' 017 ')
    expect(set.toString()).toBe('tab=patients&state=queued&q=017')
    expect(withFilter(set, 'state', undefined).toString()).toBe('tab=patients&q=017')
    expect(withFilter(set, 'q', '').toString()).toBe('tab=patients&state=queued')
    expect(withFilter(start, 'round', 2).get('round')).toBe('2')
    expect(start.toString()).toBe('tab=patients&state=queued')
  })
  it('clears every filter but nothing else', () => {
    const params = new URLSearchParams('tab=patients&q=a&split=pool&state=queued&round=1')
    expect(withoutFilters(params).toString()).toBe('tab=patients')
  })
})

describe('describeMatches', () => {
  it('says whether the list is narrowed', () => {
    expect(describeMatches(3, true)).toBe('3 patients match the filters')
    expect(describeMatches(1, true)).toBe('1 patient matches the filters')
    expect(describeMatches(10, false)).toBe('10 patients')
    expect(describeMatches(0, true)).toBe('0 patients match the filters')
  })

  it('counts what is shown while another page can be loaded', () => {
    expect(describeMatches(100, false, true)).toBe('100 patients shown, more to load')
    expect(describeMatches(100, true, true)).toBe('100 patients shown that match the filters, more to load')
    expect(describeMatches(3, true, false)).toBe('3 patients match the filters')
  })
})
