import { describe, expect, it } from 'vitest'
import { formatMoney } from '@/lib/format'
import { costFormula, describeCost, patientCost, readingTimeCost, sliceCount } from './cost'

const flat = {
  cost_mode: 'flat' as const,
  cost_per_patient: 10,
  cost_per_slice: 0.05,
  cost_per_hour: 0,
  currency: 'EUR',
}
const byVolume = {
  cost_mode: 'volume' as const,
  cost_per_patient: 2,
  cost_per_slice: 0.05,
  cost_per_hour: 0,
  currency: 'EUR',
}
const byReadingTime = {
  cost_mode: 'reading_time' as const,
  cost_per_patient: 2,
  cost_per_slice: 0,
  cost_per_hour: 60,
  currency: 'EUR',
}
/** Amounts as the test's locale writes euros ("€10.00" in en). */
const eur = (value: number) => formatMoney(value, 'EUR')

describe('sliceCount', () => {
  it('is the last axis of a volume and 1 for a 2D image', () => {
    expect(sliceCount([512, 512, 120])).toBe(120)
    expect(sliceCount([256, 256, 1])).toBe(1)
    expect(sliceCount([256, 256])).toBe(1)
    expect(sliceCount([])).toBe(0)
    expect(sliceCount(undefined)).toBe(0)
  })
})

describe('patientCost', () => {
  it('ignores the slices when flat', () => {
    expect(patientCost(flat, 300)).toBe(10)
  })
  it('adds the price per slice by volume size, in whole cents', () => {
    expect(patientCost(byVolume, 120)).toBe(8)
    expect(patientCost({ ...byVolume, cost_per_patient: 0.1, cost_per_slice: 0.07 }, 3)).toBe(0.31)
  })
})

describe('describeCost and costFormula', () => {
  it('says how a patient is priced', () => {
    expect(describeCost(flat)).toBe(`${eur(10)} per patient`)
    expect(describeCost(byVolume)).toBe(`${eur(2)} per patient + ${eur(0.05)} per slice`)
    expect(describeCost({ ...flat, currency: 'CHF' })).toMatch(/^CHF.10\.00 per patient$/)
  })
  it('shows the formula with a worked example', () => {
    expect(costFormula(flat)).toBe(`Every patient costs ${eur(10)}.`)
    expect(costFormula(byVolume, 120)).toBe(
      `Cost = ${eur(2)} + ${eur(0.05)} × slices (a 120-slice volume costs ${eur(8)}; a 2D image counts as 1 slice).`,
    )
  })
})

describe('reading-time pricing', () => {
  it('adds the hourly rate times the predicted minutes to the base, in whole cents', () => {
    expect(readingTimeCost(byReadingTime, 10)).toBe(12)
    expect(readingTimeCost({ ...byReadingTime, cost_per_hour: 45.5 }, 7)).toBe(7.31)
  })
  it('says how a case is priced, with a worked example', () => {
    expect(describeCost(byReadingTime)).toBe(`${eur(2)} per patient + ${eur(60)} per hour of predicted reading time`)
    expect(costFormula(byReadingTime)).toBe(
      `Cost = ${eur(2)} + ${eur(60)} per hour × predicted reading time (a case predicted at 10 minutes costs ${eur(12)}).`,
    )
  })
})
