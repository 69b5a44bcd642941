import { describe, expect, it } from 'vitest'
import type { RoundScore } from '@/types/api'
import { knownScores, proposedSelection, selectionInRankOrder, summarizeSelection, toggleSelection } from './review'

function score(id: string, rank: number, cost: number, selected = false, minutes: number | null = null): RoundScore {
  return {
    patient_id: id,
    external_id: `ext-${id}`,
    rank,
    score: 1 / rank,
    components: {},
    reason: { kind: 'uncertain', summary: 'The model is unsure about the 1.0 ml it predicts', figures: [] },
    selected,
    cost,
    predicted_minutes: minutes,
  }
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
      minutes: null,
    })
    const over = summarizeSelection(scores, new Set(['a', 'b', 'c']), 3.3)
    expect(over.overBudget).toBe(true)
    expect(over.left).toBe(-0.3)
  })
  it('adds up the predicted reading time of the chosen patients, null while any lacks a prediction', () => {
    const timed = [score('a', 1, 1, true, 7.5), score('b', 2, 1, true, 4), score('c', 3, 1, false, null)]
    expect(summarizeSelection(timed, new Set(['a', 'b']), 10).minutes).toBe(11.5)
    expect(summarizeSelection(timed, new Set(['a', 'c']), 10).minutes).toBeNull()
    expect(summarizeSelection(timed, new Set(), 10).minutes).toBe(0)
  })
  it('sends the chosen ids in rank order', () => {
    expect(selectionInRankOrder(scores, new Set(['c', 'a']))).toEqual(['a', 'c'])
  })
})

describe('knownScores', () => {
  it('counts a proposed patient beyond the loaded pages once, in the total and the approve request', () => {
    const loaded = [score('a', 1, 1.1, true), score('c', 2, 0.3)]
    const proposed = [score('a', 1, 1.1, true), score('z', 40, 2.2, true)]
    const known = knownScores(loaded, proposed)
    expect(known.map((s) => s.patient_id)).toEqual(['a', 'c', 'z'])
    const selection = proposedSelection(proposed)
    expect(summarizeSelection(known, selection, 10).total).toBe(3.3)
    expect(selectionInRankOrder(known, selection)).toEqual(['a', 'z'])
  })
})
