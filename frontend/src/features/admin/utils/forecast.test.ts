import { describe, expect, it } from 'vitest'
import { formatMoney } from '@/lib/format'
import type { Forecast } from '@/types/api'
import {
  diceAt,
  formatDiceInterval,
  formatGain,
  formatMoneyInterval,
  gainText,
  readingTimeText,
  recommendationLabel,
  samplePoints,
  spendText,
  targetText,
} from './forecast'

/** Euros as the test's locale writes them. */
const eur = (value: number) => formatMoney(value, 'EUR')

const forecast: Forecast = {
  basis: 'rounds',
  points: 4,
  curve: [
    { patients: 1, dice: 0.3, low: 0.2, high: 0.4 },
    { patients: 11, dice: 0.7, low: 0.65, high: 0.75 },
    { patients: 21, dice: 0.8, low: 0.72, high: 0.86 },
  ],
  patients_now: 6,
  spent_now: 60,
  remaining_budget: 140,
  mean_cost_per_patient: 10,
  patients_if_spent: 20,
  expected_dice_if_spent: { mean: 0.7812, low: 0.7421, high: 0.8119 },
  target_dice: 0.85,
  budget_to_target: { mean: 250, low: 180.5, high: 400 },
  target_unreachable: false,
  gain_per_100: 0.0234,
  stop_gain_per_100: 0.01,
  recommendation: 'continue',
  reason: 'ok',
  random_baseline: null,
}

describe('recommendation and intervals', () => {
  it('names each recommendation', () => {
    expect(recommendationLabel('continue')).toBe('Continue')
    expect(recommendationLabel('stop')).toBe('Stop')
    expect(recommendationLabel('insufficient_data')).toBe('Not enough rounds yet')
  })
  it('formats Dice and money with their intervals', () => {
    expect(formatDiceInterval(forecast.expected_dice_if_spent)).toBe('0.781 (0.742–0.812)')
    expect(formatMoneyInterval({ mean: 250, low: 180.5, high: 400 }, 'EUR')).toBe(
      `${eur(250)} (${eur(180.5)}–${eur(400)})`,
    )
  })
  it('shows small gains with two significant digits', () => {
    expect(formatGain(0.0234)).toBe('0.023')
    expect(formatGain(0.0034)).toBe('0.0034')
    expect(formatGain(0)).toBe('0')
    expect(formatGain(Number.NaN)).toBe('–')
  })
})

describe('forecast sentences', () => {
  it('says what the target costs, or that it is above the plateau, or that none is set', () => {
    expect(targetText(forecast, 'EUR')).toBe(`${eur(250)} (${eur(180.5)}–${eur(400)}) more to reach Dice 0.85`)
    expect(targetText({ ...forecast, budget_to_target: { mean: 0, low: 0, high: 20 } }, 'EUR')).toBe(
      'Dice 0.85 is already reached.',
    )
    expect(targetText({ ...forecast, budget_to_target: null, target_unreachable: true }, 'EUR')).toBe(
      "Target 0.85 is above the curve's plateau: more budget is not expected to reach it.",
    )
    expect(targetText({ ...forecast, target_dice: null, budget_to_target: null }, 'EUR')).toMatch(/^No target Dice set/)
  })
  it('compares the gain with the stop threshold', () => {
    expect(gainText(forecast, 'EUR')).toBe('0.023 Dice per 100 EUR spent, at or above the stop threshold of 0.010')
    expect(gainText({ ...forecast, gain_per_100: 0.004 }, 'EUR')).toBe(
      '0.0040 Dice per 100 EUR spent, below the stop threshold of 0.010',
    )
    expect(gainText({ ...forecast, stop_gain_per_100: null }, 'USD')).toBe(
      '0.023 Dice per 100 USD spent (no stop threshold set)',
    )
  })
  it('says what the remaining budget buys', () => {
    expect(spendText(forecast, 'EUR')).toBe(
      `${eur(140)} left buys ~14 more patients (about ${eur(10)} each), ~20 in all`,
    )
  })
  it('summarises the reading-time model, or what it still needs', () => {
    expect(readingTimeText(null)).toBe(
      'No reading-time model yet: 0 of 5 timed cases; a default reading time prices cases until then.',
    )
    const summary = { cases: 12, mae_minutes: 1.234, median_minutes: 6.5, features: ['log_slices', 'log_foreground'] }
    expect(readingTimeText(summary)).toBe(
      'Fitted on 12 timed cases from slices, predicted foreground; median 6.5 min per case; ' +
        'held-out mean absolute error 1.2 min.',
    )
    expect(readingTimeText({ cases: 5, mae_minutes: null, median_minutes: 4, features: [] })).toMatch(
      /error not enough cases to hold any out\.$/,
    )
  })
})

describe('curve helpers', () => {
  it('interpolates a curve linearly and gives null outside it', () => {
    expect(diceAt(forecast.curve, 11)).toBe(0.7)
    expect(diceAt(forecast.curve, 16)).toBeCloseTo(0.75)
    expect(diceAt(forecast.curve, 0)).toBeNull()
    expect(diceAt(forecast.curve, 30)).toBeNull()
  })
  it('samples evenly spaced points, keeping the first and the last', () => {
    const curve = Array.from({ length: 50 }, (_, i) => ({ patients: i + 1, dice: i / 50, low: 0, high: 1 }))
    const rows = samplePoints(curve, 5)
    expect(rows.map((p) => p.patients)).toEqual([1, 13, 26, 38, 50])
    expect(samplePoints(forecast.curve, 8)).toHaveLength(3)
  })
})
