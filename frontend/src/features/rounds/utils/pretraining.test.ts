import { describe, expect, it } from 'vitest'
import type { Pretraining } from '@/types/api'
import { pretrainingSummary } from './pretraining'

const job = (overrides: Partial<Pretraining>): Pretraining => ({
  id: 'j',
  status: 'running',
  progress: {},
  steps: 100,
  created_at: '2026-12-01T10:00:00',
  started_at: '2026-12-01T10:00:01',
  finished_at: null,
  error: null,
  ...overrides,
})

describe('backbone pre-training summary', () => {
  it('says where a running pre-training is and what it means for a round', () => {
    expect(pretrainingSummary(job({ progress: { step: 40, steps: 100, images: 10, percent: 40 } }))).toBe(
      'Pre-training the Models Genesis backbone on 10 images, step 40 of 100; a round started now waits for it.',
    )
  })
  it('tells the lead the first round starts from a ready backbone', () => {
    expect(pretrainingSummary(job({ status: 'succeeded', progress: { images: 10 } }))).toBe(
      'The Models Genesis backbone is ready on 10 images: the first round starts from it.',
    )
  })
  it('names a failure and its consequence', () => {
    expect(pretrainingSummary(job({ status: 'failed', error: 'ValueError: no images' }))).toBe(
      'Pre-training the backbone failed (ValueError: no images); the first round will pre-train it.',
    )
    expect(pretrainingSummary(job({ status: 'queued' }))).toBe(
      'Pre-training the Models Genesis backbone: waiting for a worker.',
    )
  })
})
