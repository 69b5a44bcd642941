import { describe, expect, it } from 'vitest'
import type { QueueItem } from '@/types/api'
import { sortQueue } from './queue'

function item(overrides: Partial<QueueItem>): QueueItem {
  return {
    patient_id: 'p',
    external_id: 'hippocampus_001',
    project_id: 'proj',
    project_name: 'Hippocampus',
    round_id: 'r',
    round_number: 1,
    rank: 1,
    score: 0.5,
    components: {},
    reason: { kind: 'random', summary: 'Drawn at random (the random baseline strategy)', figures: [] },
    cost: 1,
    currency: 'EUR',
    strategy: 'entropy',
    reserved_by_me: false,
    reserved_until: null,
    predicted_minutes: null,
    second_read: false,
    ...overrides,
  }
}

describe('sortQueue', () => {
  it('puts the best rank first without mutating the input', () => {
    const input = [
      item({ rank: 3, external_id: 'c' }),
      item({ rank: 1, external_id: 'a' }),
      item({ rank: 2, external_id: 'b' }),
    ]
    expect(sortQueue(input).map((i) => i.external_id)).toEqual(['a', 'b', 'c'])
    expect(input[0].external_id).toBe('c')
  })

  it('breaks rank ties by the newest round, then by project name', () => {
    const input = [
      item({ rank: 1, round_number: 1, project_name: 'B', external_id: 'old' }),
      item({ rank: 1, round_number: 2, project_name: 'Z', external_id: 'new' }),
      item({ rank: 1, round_number: 1, project_name: 'A', external_id: 'alpha' }),
    ]
    expect(sortQueue(input).map((i) => i.external_id)).toEqual(['new', 'alpha', 'old'])
  })

  it('keeps second reads on top whatever their rank', () => {
    const first = item({ patient_id: 'best', rank: 1 })
    const second = item({ patient_id: 'second-read', rank: 7, second_read: true })
    expect(sortQueue([first, second]).map((i) => i.patient_id)).toEqual(['second-read', 'best'])
  })
})
