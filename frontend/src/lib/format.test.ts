import { describe, expect, it } from 'vitest'
import {
  formatClock,
  formatDuration,
  formatMinutes,
  formatMoney,
  formatPercent,
  formatPersonName,
  formatScore,
  formatSeconds,
  parseServerTime,
} from './format'

describe('formatMoney', () => {
  it('writes the amount with its currency, as Intl does for the reader, and a dash for missing values', () => {
    const euros = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(9)
    expect(formatMoney(9, 'EUR')).toBe(euros)
    expect(formatMoney(9, 'EUR')).toMatch(/9[.,]00/)
    expect(formatMoney(9, 'EUR')).toMatch(/€/)
    expect(formatMoney(1250, 'JPY')).not.toMatch(/[.,]00/)
    expect(formatMoney(2.5, 'CHF')).toMatch(/CHF/)
    expect(formatMoney(null, 'EUR')).toBe('–')
  })
})

describe('formatScore / formatPercent', () => {
  it('rounds to the requested precision', () => {
    expect(formatScore(0.81234)).toBe('0.812')
    expect(formatPercent(42.6)).toBe('43%')
  })
})

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration('2025-01-01T00:00:00Z', '2025-01-01T00:00:12Z')).toBe('12s')
    expect(formatDuration('2025-01-01T00:00:00Z', '2025-01-01T00:03:07Z')).toBe('3m 07s')
    expect(formatDuration('2025-01-01T00:00:00Z', '2025-01-01T01:02:00Z')).toBe('1h 02m')
  })

  it('measures a running round up to now and shows a dash when it has not started', () => {
    const now = new Date('2025-01-01T00:00:30Z').getTime()
    expect(formatDuration('2025-01-01T00:00:00Z', null, now)).toBe('30s')
    expect(formatDuration(null, null)).toBe('–')
  })
})

describe('formatSeconds', () => {
  it('writes seconds, minutes and hours, rounding to the second', () => {
    expect(formatSeconds(42)).toBe('42s')
    expect(formatSeconds(187)).toBe('3m 07s')
    expect(formatSeconds(3720)).toBe('1h 02m')
    expect(formatSeconds(59.6)).toBe('1m 00s')
  })

  it('shows a dash for missing values', () => {
    expect(formatSeconds(null)).toBe('–')
    expect(formatSeconds(undefined)).toBe('–')
    expect(formatSeconds(Number.NaN)).toBe('–')
  })
})

describe('parseServerTime', () => {
  it('reads a timestamp without a zone as UTC and keeps explicit zones', () => {
    expect(parseServerTime('2025-01-01T00:00:00')).toBe(Date.UTC(2025, 0, 1))
    expect(parseServerTime('2025-01-01T01:00:00+01:00')).toBe(Date.UTC(2025, 0, 1))
    expect(parseServerTime('2025-01-01T00:00:00.250Z')).toBe(Date.UTC(2025, 0, 1, 0, 0, 0, 250))
  })
})

describe('formatClock', () => {
  it('formats seconds as m:ss, rounding to the second', () => {
    expect(formatClock(0)).toBe('0:00')
    expect(formatClock(7.4)).toBe('0:07')
    expect(formatClock(185)).toBe('3:05')
    expect(formatClock(59.6)).toBe('1:00')
    expect(formatClock(4500)).toBe('75:00')
  })

  it('shows a dash for missing or invalid values', () => {
    expect(formatClock(null)).toBe('–')
    expect(formatClock(undefined)).toBe('–')
    expect(formatClock(Number.NaN)).toBe('–')
    expect(formatClock(-3)).toBe('–')
  })
})

describe('formatMinutes', () => {
  it('rounds a predicted reading time to whole minutes, with hours past the hour', () => {
    expect(formatMinutes(7.3)).toBe('~7 min')
    expect(formatMinutes(0.2)).toBe('<1 min')
    expect(formatMinutes(59.6)).toBe('~1 h 00 min')
    expect(formatMinutes(125)).toBe('~2 h 05 min')
  })
  it('shows a dash without a prediction', () => {
    expect(formatMinutes(null)).toBe('–')
    expect(formatMinutes(undefined)).toBe('–')
    expect(formatMinutes(Number.NaN)).toBe('–')
  })
})

describe('formatPersonName', () => {
  it('writes a DICOM person name as people do', () => {
    expect(formatPersonName('Doe^Jane^^Dr')).toBe('Doe, Jane')
    expect(formatPersonName('Anonymous')).toBe('Anonymous')
    expect(formatPersonName('')).toBe('–')
  })
})
