import { describe, expect, it } from 'vitest'
import { describeCounts, STATE_WORDS } from './patient-state'

describe('describeCounts', () => {
  it('reads the counts in one vocabulary, leaving out empty states but never annotated or unlabelled', () => {
    const counts = {
      patients: 10,
      annotated: 4,
      in_review: 0,
      reserved: 1,
      queued: 2,
      set_aside: 0,
      unlabeled: 1,
      validation: 2,
    }
    expect(describeCounts(counts)).toBe(
      '10 patients: 4 annotated · 1 reserved · 2 queued · 1 unlabelled · 2 validation',
    )
    const fresh = {
      patients: 1,
      annotated: 0,
      in_review: 0,
      reserved: 0,
      queued: 0,
      set_aside: 0,
      unlabeled: 1,
      validation: 0,
    }
    expect(describeCounts(fresh)).toBe('1 patient: 0 annotated · 1 unlabelled')
  })
  it('counts the cases waiting for a reviewer after the annotated ones', () => {
    const counts = {
      patients: 10,
      annotated: 3,
      in_review: 2,
      reserved: 0,
      queued: 1,
      set_aside: 0,
      unlabeled: 2,
      validation: 2,
    }
    expect(describeCounts(counts)).toBe(
      '10 patients: 3 annotated · 2 in review · 1 queued · 2 unlabelled · 2 validation',
    )
    expect(STATE_WORDS.in_review).toBe('in review')
  })
  it('writes unlabelled the British way everywhere', () => {
    expect(Object.values(STATE_WORDS)).not.toContain('unlabeled')
    expect(STATE_WORDS.set_aside).toBe('set aside')
  })
})
