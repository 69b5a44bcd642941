import { describe, expect, it } from 'vitest'
import { describeRoundState, ROUND_STATE_WORDS } from './round-status'

describe('describeRoundState', () => {
  it('shows progress only while the round runs, so a finished round never reads "annotating · ready 100%"', () => {
    expect(describeRoundState({ status: 'annotating', progress: { stage: 'ready', percent: 100 } })).toBe(
      'being annotated',
    )
    expect(describeRoundState({ status: 'ready', progress: { stage: 'ready', percent: 100 } })).toBe(
      'ready for readers',
    )
    expect(
      describeRoundState({ status: 'training', progress: { stage: 'training', percent: 40, epoch: 2, epochs: 5 } }),
    ).toBe('training · 40% (epoch 2/5)')
    expect(describeRoundState({ status: 'pretraining', progress: { stage: 'genesis', percent: 10 } })).toBe(
      'pre-training the backbone · genesis 10%',
    )
    expect(describeRoundState({ status: 'created', progress: {} })).toBe('waiting for a worker')
  })
  it('has words for every state', () => {
    expect(Object.keys(ROUND_STATE_WORDS)).toHaveLength(11)
  })
})
