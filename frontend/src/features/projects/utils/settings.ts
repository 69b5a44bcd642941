import type { SelectionObjective, Strategy } from '@/types/api'
import type { SettingsInput } from '../api/update-settings'

/** The settings form's fields as typed (numbers as the inputs' text). */
export interface SettingsFields {
  strategy: Strategy
  batchSize: string
  autoPublish: boolean
  genesis: boolean
  objective: SelectionObjective
  targetDice: string
  stopGain: string
  /** Readers' masks wait for a reviewer's decision before they count as ground truth. */
  reviewRequired: boolean
}

/** An optional number input: empty means "not set" (null clears the stored value on the server). */
export function optionalNumber(text: string): number | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : Number(trimmed)
}

/** The PATCH body of the settings form; the server validates the ranges and its message is shown as is. */
export function settingsInput(fields: SettingsFields): SettingsInput {
  return {
    strategy: fields.strategy,
    batch_size: Number(fields.batchSize),
    auto_publish: fields.autoPublish,
    genesis_enabled: fields.genesis,
    selection_objective: fields.objective,
    target_dice: optionalNumber(fields.targetDice),
    stop_gain_per_100: optionalNumber(fields.stopGain),
    review_required: fields.reviewRequired,
  }
}

/** A stored optional number as the input's text ("" when unset). */
export function optionalText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value)
}
