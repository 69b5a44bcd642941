import { formatMoney } from '@/lib/format'
import type { Forecast, ForecastPoint, ForecastInterval, ReadingTimeSummary, Recommendation } from '@/types/api'

/** The badge's word for the forecast's recommendation. */
export function recommendationLabel(recommendation: Recommendation): string {
  if (recommendation === 'continue') return 'Continue'
  if (recommendation === 'stop') return 'Stop'
  return 'Not enough rounds yet'
}

/** "0.781 (0.742–0.812)": a Dice estimate with its interval. */
export function formatDiceInterval(interval: ForecastInterval): string {
  return `${interval.mean.toFixed(3)} (${interval.low.toFixed(3)}–${interval.high.toFixed(3)})`
}

/** "€120.00 (€90.00–€160.00)": money with its interval. */
export function formatMoneyInterval(interval: ForecastInterval, currency: string): string {
  const money = (value: number) => formatMoney(value, currency)
  return `${money(interval.mean)} (${money(interval.low)}–${money(interval.high)})`
}

/** A Dice gain per 100 currency units: three decimals, or two significant digits when smaller than 0.01. */
export function formatGain(gain: number): string {
  if (!Number.isFinite(gain)) return '–'
  if (gain === 0) return '0'
  return Math.abs(gain) >= 0.01 ? gain.toFixed(3) : gain.toPrecision(2)
}

/** What reaching the lead's target Dice would cost beyond what is spent, or why the forecast cannot say. */
export function targetText(forecast: Forecast, currency: string): string {
  if (forecast.target_dice === null) return 'No target Dice set (Round settings on the project page).'
  if (forecast.target_unreachable) {
    return `Target ${forecast.target_dice.toFixed(2)} is above the curve's plateau: more budget is not expected to reach it.`
  }
  if (forecast.budget_to_target === null) return `Target ${forecast.target_dice.toFixed(2)}: no estimate yet.`
  const more = `${formatMoneyInterval(forecast.budget_to_target, currency)} more to reach Dice ${forecast.target_dice.toFixed(2)}`
  return forecast.budget_to_target.mean <= 0 ? `Dice ${forecast.target_dice.toFixed(2)} is already reached.` : more
}

/** The expected gain against the lead's stop threshold, in words. */
export function gainText(forecast: Forecast, currency: string): string {
  const gain = `${formatGain(forecast.gain_per_100)} Dice per 100 ${currency} spent`
  if (forecast.stop_gain_per_100 === null) return `${gain} (no stop threshold set)`
  const side = forecast.gain_per_100 < forecast.stop_gain_per_100 ? 'below' : 'at or above'
  return `${gain}, ${side} the stop threshold of ${formatGain(forecast.stop_gain_per_100)}`
}

/** What the remaining budget buys: "€80.00 left buys ~8 more patients (about €10.00 each), ~12 in all". */
export function spendText(forecast: Forecast, currency: string): string {
  const more = Math.max(0, Math.round(forecast.patients_if_spent - forecast.patients_now))
  return (
    `${formatMoney(forecast.remaining_budget, currency)} left buys ~${more} more patients ` +
    `(about ${formatMoney(forecast.mean_cost_per_patient, currency)} each), ~${Math.round(forecast.patients_if_spent)} in all`
  )
}

/** The reading-time model's features (backend/budget/reading_time.py FEATURES) in the lead's words. */
const FEATURE_NAMES: Record<string, string> = {
  log_slices: 'slices',
  log_foreground: 'predicted foreground',
  uncertainty_rank: 'uncertainty rank',
}

/** The reading-time model in one line, or what it still needs. */
export function readingTimeText(summary: ReadingTimeSummary | null, needed = 5): string {
  if (summary === null || summary.cases < needed) {
    const have = summary?.cases ?? 0
    return `No reading-time model yet: ${have} of ${needed} timed cases; a default reading time prices cases until then.`
  }
  const mae =
    summary.mae_minutes === null ? 'not enough cases to hold any out' : `${summary.mae_minutes.toFixed(1)} min`
  const features =
    summary.features.length > 0 ? ` from ${summary.features.map((f) => FEATURE_NAMES[f] ?? f).join(', ')}` : ''
  return (
    `Fitted on ${summary.cases} timed cases${features}; median ${summary.median_minutes.toFixed(1)} min per case; ` +
    `held-out mean absolute error ${mae}.`
  )
}

/** Linear interpolation of a fitted curve at `patients` (null outside the curve). */
export function diceAt(curve: readonly ForecastPoint[], patients: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    const right = curve[i]
    if (right.patients === patients) return right.dice
    if (right.patients > patients) {
      if (i === 0) return null
      const left = curve[i - 1]
      const t = (patients - left.patients) / (right.patients - left.patients)
      return left.dice + t * (right.dice - left.dice)
    }
  }
  return null
}

/** At most `rows` evenly spaced points of the curve, its first and last included: the chart's table fallback. */
export function samplePoints(curve: readonly ForecastPoint[], rows = 8): ForecastPoint[] {
  if (curve.length <= rows) return [...curve]
  const picked = new Set<number>()
  for (let k = 0; k < rows; k++) picked.add(Math.round((k * (curve.length - 1)) / (rows - 1)))
  return [...picked].sort((a, b) => a - b).map((i) => curve[i])
}
