import { formatMoney } from '@/lib/format'
import type { CostMode } from '@/types/api'

/** How a project prices a patient (the server's `cost_for_slices` is the authority; this only explains it). */
export interface Pricing {
  cost_mode: CostMode
  cost_per_patient: number
  cost_per_slice: number
}

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

/** "10.00 per patient" or "2.00 per patient + 0.05 per slice": the budget line of a project. */
export function describeCost(pricing: Pricing): string {
  const base = `${formatMoney(pricing.cost_per_patient)} per patient`
  return pricing.cost_mode === 'volume' ? `${base} + ${formatMoney(pricing.cost_per_slice)} per slice` : base
}

/** The formula shown next to the cost inputs, with a worked example so the lead sees what a case costs. */
export function costFormula(pricing: Pricing, exampleSlices = 100): string {
  if (pricing.cost_mode !== 'volume') return `Every patient costs ${formatMoney(pricing.cost_per_patient)}.`
  const example = formatMoney(patientCost(pricing, exampleSlices))
  return (
    `Cost = ${formatMoney(pricing.cost_per_patient)} + ${formatMoney(pricing.cost_per_slice)} × slices ` +
    `(a ${exampleSlices}-slice volume costs ${example}; a 2D image counts as 1 slice).`
  )
}
