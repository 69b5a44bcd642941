import { describe, expect, it } from 'vitest'
import type { CaseMasks } from '@/types/api'
import { describeStartingMask, formatSavedAt, startingMask } from './starting-mask'

const draft = { updated_at: '2026-12-01T12:03:00', time_spent_s: 42, sha256: 'd'.repeat(64) }
const accepted = {
  annotation_id: '6f1c2f4e-2b1a-4c55-9a43-0d3c0e7b1a10',
  version: 2,
  source: 'human' as const,
  author: 'radiologist',
  created_at: '2026-11-30T09:00:00',
}
const prediction = {
  round_id: '0b9f1a52-58a4-4d0e-9f0a-3c1e6f7e2d11',
  round_number: 3,
  model_version_id: '5d7b3c1e-8f2a-4a6b-9c0d-1e2f3a4b5c6d',
  created_at: '2026-11-29T08:00:00',
}
const read = {
  annotation_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  version: 2,
  read_number: 1,
  created_at: '2026-12-01T09:00:00',
  review_status: 'returned' as const,
  comment: 'The posterior part is missing',
  reviewer: 'lead',
}
const all: CaseMasks = { draft, accepted, prediction, starting: 'draft' }

describe('startingMask', () => {
  it("takes the server's start for a reader", () => {
    expect(startingMask(all, false)).toBe('draft')
    expect(startingMask({ ...all, draft: null, starting: 'accepted' }, false)).toBe('accepted')
    expect(startingMask({ draft: null, accepted: null, prediction: null, starting: 'empty' }, false)).toBe('empty')
  })

  it("opens a reader's read waiting for review", () => {
    expect(startingMask({ ...all, draft: null, read, starting: 'read' }, false)).toBe('read')
  })

  it('never starts a correction from a read', () => {
    expect(startingMask({ draft: null, read, accepted: null, prediction, starting: 'read' }, true)).toBe('prediction')
    expect(startingMask({ draft: null, read, accepted: null, prediction: null, starting: 'read' }, true)).toBe('empty')
  })

  it('never starts a correction from a draft', () => {
    expect(startingMask(all, true)).toBe('accepted')
    expect(startingMask({ ...all, accepted: null }, true)).toBe('prediction')
    expect(startingMask({ draft, accepted: null, prediction: null, starting: 'draft' }, true)).toBe('empty')
    expect(startingMask({ ...all, draft: null, starting: 'prediction', accepted: null }, true)).toBe('prediction')
  })
})

describe('describeStartingMask', () => {
  const today = new Date(Date.parse('2026-12-01T12:05:00Z'))

  it('names the draft with the time it was saved', () => {
    const text = describeStartingMask('draft', all, today)
    expect(text).toBe(`Your draft (saved ${formatSavedAt(draft.updated_at, today)})`)
    expect(text).toMatch(/\d{1,2}:03\b/)
  })

  it('names the annotation version and who made it', () => {
    expect(describeStartingMask('accepted', all)).toBe('Annotation v2 by radiologist')
    const imported = { ...accepted, version: 1, source: 'import' as const, author: null }
    expect(describeStartingMask('accepted', { ...all, accepted: imported })).toBe('Annotation v1 (imported)')
    const corrected = { ...accepted, version: 3, source: 'correction' as const, author: 'lead' }
    expect(describeStartingMask('accepted', { ...all, accepted: corrected })).toBe(
      'Annotation v3 by lead (ground-truth correction)',
    )
  })

  it('names the read, who returned it, or that it waits for review', () => {
    expect(describeStartingMask('read', { ...all, read })).toBe('Your read v2, returned by lead')
    const pending = { ...read, review_status: 'pending' as const, comment: null, reviewer: null }
    expect(describeStartingMask('read', { ...all, read: pending })).toBe('Your read v2 (waiting for review)')
  })

  it("names a reviewer's edit as such", () => {
    const reviewed = { ...accepted, version: 4, source: 'review' as const, author: 'lead' }
    expect(describeStartingMask('accepted', { ...all, accepted: reviewed })).toBe(
      "Annotation v4 by lead (reviewer's edit)",
    )
  })

  it("names the prediction's round, or says the mask is empty", () => {
    expect(describeStartingMask('prediction', all)).toBe('Model prediction, round 3')
    expect(describeStartingMask('empty', all)).toBe('No prediction: empty mask')
  })
})

describe('formatSavedAt', () => {
  it('shows only the time today and the date before', () => {
    const now = new Date(Date.parse('2026-12-01T18:00:00Z'))
    expect(formatSavedAt('2026-12-01T17:30:00Z', now)).not.toContain(',')
    expect(formatSavedAt('2026-11-20T17:30:00Z', now)).toContain(',')
  })
})
