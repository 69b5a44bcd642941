import { describe, expect, it } from 'vitest'
import type { CaseMasks } from '@/types/api'
import { buildSubmitForm, submissionBaseVersion } from './submit-annotation'

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

describe('submissionBaseVersion', () => {
  const none: CaseMasks = { draft: null, read: null, accepted: null, prediction: null, starting: 'empty' }
  const read = {
    annotation_id: '6f1c2f4e-2b1a-4c55-9a43-0d3c0e7b1a10',
    version: 3,
    read_number: 1,
    created_at: '2026-12-01T09:00:00',
    review_status: 'returned' as const,
    comment: 'Include the tail',
    reviewer: 'lead',
  }

  it('continues the accepted version, or none', () => {
    expect(submissionBaseVersion({ annotation_version: 2, masks: none })).toBe(2)
    expect(submissionBaseVersion({ annotation_version: null, masks: none })).toBeNull()
  })

  it("continues the reader's own read while the case is in review, draft or not", () => {
    expect(submissionBaseVersion({ annotation_version: null, masks: { ...none, read, starting: 'read' } })).toBe(3)
    const drafted: CaseMasks = {
      ...none,
      read,
      draft: { updated_at: '2026-12-01T10:00:00', time_spent_s: 5, sha256: 'd'.repeat(64) },
      starting: 'draft',
    }
    expect(submissionBaseVersion({ annotation_version: null, masks: drafted })).toBe(3)
  })
})
