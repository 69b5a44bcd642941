import { describe, expect, it } from 'vitest'
import { REASON_MAX_LENGTH, reasonProblem } from './correction'

describe('reasonProblem', () => {
  it('requires a reason the server will keep', () => {
    expect(reasonProblem('')).toMatch(/Say why/)
    expect(reasonProblem(' \n\t ')).toMatch(/Say why/)
    expect(reasonProblem('x'.repeat(REASON_MAX_LENGTH + 1))).toMatch(/at most 1000/)
    expect(reasonProblem('bad\u0000byte')).toMatch(/control character/)
    expect(reasonProblem('escape \u001b[31m')).toMatch(/control character/)
  })

  it('accepts text with tabs and line breaks', () => {
    expect(reasonProblem('Imported label misses the tail.\n\tSee slice 14.')).toBeNull()
    expect(reasonProblem('x'.repeat(REASON_MAX_LENGTH))).toBeNull()
  })
})
