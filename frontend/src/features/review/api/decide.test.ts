import { describe, expect, it } from 'vitest'
import { buildAcceptForm } from './decide'

describe('buildAcceptForm', () => {
  it('accepts the read on screen by its id, with the active time and no empty note', () => {
    const form = buildAcceptForm({ annotationId: 'a1', reviewTimeS: 63.27, comment: '  ' })
    expect(form.get('annotation_id')).toBe('a1')
    expect(form.get('review_time_s')).toBe('63.3')
    expect(form.has('mask')).toBe(false)
    expect(form.has('comment')).toBe(false)
  })

  it("uploads the reviewer's edit instead of naming a read, with the note trimmed", () => {
    const form = buildAcceptForm({ mask: new Uint8Array([1, 2, 3]), reviewTimeS: 5, comment: ' Trimmed the tail ' })
    expect(form.get('mask')).toBeInstanceOf(Blob)
    expect(form.has('annotation_id')).toBe(false)
    expect(form.get('comment')).toBe('Trimmed the tail')
  })
})
