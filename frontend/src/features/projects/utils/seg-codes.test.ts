import { describe, expect, it } from 'vitest'
import { CATEGORIES, conceptProblem, describeConcept, optionsWith, sameConcept, TYPES } from './seg-codes'

describe('SEG coding', () => {
  it('offers the catalogue, plus a stored code that is not in it', () => {
    expect(optionsWith(TYPES, null)).toBe(TYPES)
    expect(optionsWith(TYPES, TYPES[1])).toBe(TYPES)
    const custom = { scheme: 'SCT' as const, code: '123456789', meaning: 'Custom' }
    expect(optionsWith(CATEGORIES, custom)).toEqual([...CATEGORIES, custom])
  })

  it('checks typed codes as the server does', () => {
    expect(conceptProblem({ scheme: 'SCT', code: '108369006', meaning: 'Neoplasm' })).toBeNull()
    expect(conceptProblem({ scheme: 'SCT', code: 'T-D000', meaning: 'Neoplasm' })).toMatch(/6 to 18 digits/)
    expect(conceptProblem({ scheme: 'DCM', code: '113076', meaning: 'Segmentation' })).toBeNull()
    expect(conceptProblem({ scheme: 'SCT', code: '108369006', meaning: ' ' })).toMatch(/meaning/)
  })

  it('compares and describes concepts', () => {
    expect(sameConcept(TYPES[1], { ...TYPES[1] })).toBe(true)
    expect(sameConcept(TYPES[1], null)).toBe(false)
    expect(sameConcept(null, null)).toBe(true)
    expect(describeConcept(TYPES[1])).toBe('Neoplasm (SCT 108369006)')
  })
})
