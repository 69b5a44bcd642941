import { formatMoney } from '@/lib/format'
import type { CostMode } from '@/types/api'

/** How a project prices a patient (the server's `cost_for_slices` is the authority; this only explains it). */
export interface Pricing {
  cost_mode: CostMode
  cost_per_patient: number
  cost_per_slice: number
  cost_per_hour: number
  /** ISO 4217 code every amount is shown in. */
  currency: string
}

/** Timed annotations a project needs before the reading-time model prices cases (backend MIN_CASES). */
export const TIMED_CASES_FOR_MODEL = 5
/** Minutes the server assumes per case before any is timed (backend/budget/reading_time.py DEFAULT_MINUTES). */
export const DEFAULT_READING_MINUTES = 10

/** Slices a reader pages through: the last axis of the volume; a 2D image, stored as (X, Y, 1), has one. */
export function sliceCount(shape: readonly number[] | null | undefined): number {
  if (!shape || shape.length === 0) return 0
  return shape.length >= 3 ? shape[shape.length - 1] : 1
}

/** A patient's cost under `pricing`, computed in whole cents like the server so sums do not drift. */
export function patientCost(pricing: Pricing, slices: number): number {
  const base = Math.round(pricing.cost_per_patient * 100)
  if (pricing.cost_mode !== 'volume') return base / 100
  return (base + Math.round(pricing.cost_per_slice * 100) * slices) / 100
}

/** A case's cost under reading-time pricing: the base plus the hourly rate × predicted minutes, in whole cents. */
export function readingTimeCost(pricing: Pricing, minutes: number): number {
  const base = Math.round(pricing.cost_per_patient * 100)
  return (base + Math.round((Math.round(pricing.cost_per_hour * 100) * minutes) / 60)) / 100
}

/** "€10.00 per patient", "€2.00 per patient + €0.05 per slice" or "€2.00 per patient + €60.00 per hour of predicted
 * reading time": the budget line of a project. */
export function describeCost(pricing: Pricing): string {
  const money = (value: number) => formatMoney(value, pricing.currency)
  const base = `${money(pricing.cost_per_patient)} per patient`
  if (pricing.cost_mode === 'volume') return `${base} + ${money(pricing.cost_per_slice)} per slice`
  if (pricing.cost_mode === 'reading_time') {
    return `${base} + ${money(pricing.cost_per_hour)} per hour of predicted reading time`
  }
  return base
}

/** The formula shown next to the cost inputs, with a worked example so the lead sees what a case costs. */
export function costFormula(pricing: Pricing, exampleSlices = 100, exampleMinutes = 10): string {
  const money = (value: number) => formatMoney(value, pricing.currency)
  if (pricing.cost_mode === 'reading_time') {
    const example = money(readingTimeCost(pricing, exampleMinutes))
    return (
      `Cost = ${money(pricing.cost_per_patient)} + ${money(pricing.cost_per_hour)} per hour × ` +
      `predicted reading time (a case predicted at ${exampleMinutes} minutes costs ${example}).`
    )
  }
  if (pricing.cost_mode !== 'volume') return `Every patient costs ${money(pricing.cost_per_patient)}.`
  const example = money(patientCost(pricing, exampleSlices))
  return (
    `Cost = ${money(pricing.cost_per_patient)} + ${money(pricing.cost_per_slice)} × slices ` +
    `(a ${exampleSlices}-slice volume costs ${example}; a 2D image counts as 1 slice).`
  )
}
