import { describe, expect, it } from 'vitest'
import type { CaseMasks, QueueItem } from '@/types/api'
import { openDecision } from './queue-gate'

const item = (patientId: string, reservedByMe = false) =>
  ({ patient_id: patientId, reserved_by_me: reservedByMe }) as QueueItem

const NO_MASKS: CaseMasks = { draft: null, accepted: null, prediction: null, starting: 'empty' }
const patient = (id: string, masks: Partial<CaseMasks> = {}) => ({ id, masks: { ...NO_MASKS, ...masks } })
const accepted = (source: 'human' | 'import' | 'correction', author: string | null) => ({
  annotation_id: 'a',
  version: 1,
  source,
  author,
  created_at: '2026-03-01T10:00:00',
})

describe('openDecision', () => {
  it('opens a case of the caller’s own queue, reserved by them or not', () => {
    expect(openDecision([item('a'), item('b')], false, patient('b'), 'rad')).toBe('open')
    expect(openDecision([item('a', true)], false, patient('a'), 'rad')).toBe('open')
  })
  it('opens the caller’s own work: their draft, or their accepted annotation', () => {
    const draft = { updated_at: '2026-03-01T10:00:00', time_spent_s: 12, sha256: 'x' }
    expect(openDecision([], false, patient('z', { draft }), 'rad')).toBe('open')
    expect(openDecision(undefined, false, patient('z', { accepted: accepted('human', 'rad') }), 'rad')).toBe('open')
  })
  it('opens the caller’s own read waiting for review, returned to them or not (no queue offers it)', () => {
    const read = {
      annotation_id: 'r',
      version: 2,
      read_number: 1,
      created_at: '2026-03-01T10:00:00',
      review_status: 'returned' as const,
      comment: 'Fix the tail',
      reviewer: 'lead',
    }
    expect(openDecision([], false, patient('z', { read }), 'rad')).toBe('open')
    const pending = { ...read, review_status: 'pending' as const, comment: null, reviewer: null }
    expect(openDecision(undefined, false, patient('z', { read: pending }), 'rad')).toBe('open')
  })
  it('asks first for any other case, and when the queue could not be read', () => {
    expect(openDecision([item('a')], false, patient('z'), 'rad')).toBe('ask')
    expect(openDecision([], false, patient('z', { accepted: accepted('human', 'colleague') }), 'rad')).toBe('ask')
    expect(openDecision([], false, patient('z', { accepted: accepted('import', null) }), 'rad')).toBe('ask')
    expect(openDecision([], false, patient('z', { accepted: accepted('correction', 'rad') }), 'rad')).toBe('ask')
    expect(openDecision(undefined, true, patient('z'), 'rad')).toBe('ask')
  })
  it('waits for the queue before deciding', () => {
    expect(openDecision(undefined, false, patient('a'), 'rad')).toBe('loading')
  })
})
