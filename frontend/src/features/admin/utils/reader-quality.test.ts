import { describe, expect, it } from 'vitest'
import { agreementCell } from './reader-quality'

describe('agreementCell', () => {
  it('gives the mean Dice with the cases it rests on', () => {
    expect(agreementCell(0.81234, 3)).toBe('0.812 (3 cases)')
    expect(agreementCell(0.9, 1)).toBe('0.900 (1 case)')
  })

  it('shows a dash when nothing was measured', () => {
    expect(agreementCell(null, 0)).toBe('—')
    expect(agreementCell(undefined, 2)).toBe('—')
    expect(agreementCell(0.5, 0)).toBe('—')
  })
})
