import { describe, expect, it } from 'vitest'
import type { RoundScore } from '@/types/api'
import { proposedSelection, selectionInRankOrder, summarizeSelection, toggleSelection } from './review'

function score(id: string, rank: number, cost: number, selected = false): RoundScore {
  return { patient_id: id, external_id: `ext-${id}`, rank, score: 1 / rank, components: {}, selected, cost }
}

const scores = [score('c', 3, 0.3), score('a', 1, 1.1, true), score('b', 2, 2.2, true)]

describe('review selection', () => {
  it('starts from the proposed patients', () => {
    expect([...proposedSelection(scores)].sort()).toEqual(['a', 'b'])
  })
  it('toggles without mutating', () => {
    const start = new Set(['a'])
    const next = toggleSelection(start, 'b')
    expect([...next].sort()).toEqual(['a', 'b'])
    expect([...toggleSelection(next, 'a')]).toEqual(['b'])
    expect([...start]).toEqual(['a'])
  })
  it('sums the costs in cents against the remaining budget', () => {
    expect(summarizeSelection(scores, new Set(['a', 'b']), 3.3)).toEqual({
      count: 2,
      total: 3.3,
      remaining: 3.3,
      left: 0,
      overBudget: false,
    })
    const over = summarizeSelection(scores, new Set(['a', 'b', 'c']), 3.3)
    expect(over.overBudget).toBe(true)
    expect(over.left).toBe(-0.3)
  })
  it('sends the chosen ids in rank order', () => {
    expect(selectionInRankOrder(scores, new Set(['c', 'a']))).toEqual(['a', 'c'])
  })
})
