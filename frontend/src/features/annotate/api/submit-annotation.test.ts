import { describe, expect, it } from 'vitest'
import { buildSubmitForm } from './submit-annotation'

describe('buildSubmitForm', () => {
  const mask = new Uint8Array([1, 2, 3])

  it('sends the accepted version the case was loaded with', () => {
    const form = buildSubmitForm({ mask, timeSpentS: 12.34, baseVersion: 2 })
    expect(form.get('base_version')).toBe('2')
    expect(form.get('time_spent_s')).toBe('12.3')
    expect(form.get('mask')).toBeInstanceOf(Blob)
  })

  it('omits base_version when the case had no accepted annotation', () => {
    const form = buildSubmitForm({ mask, timeSpentS: 0, baseVersion: null })
    expect(form.has('base_version')).toBe(false)
  })
})
