import type { ConsensusMethod, DoubleReadRule, SelectionObjective, Strategy } from '@/types/api'
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
  /** Share of the read cases a second reader reads too, in percent (needs review). */
  doubleReadPercent: string
  doubleReadRule: DoubleReadRule
  consensusMethod: ConsensusMethod
}

/** Which cases get a second reader, each in one line (the README's benchmark says why disagreement is the default). */
export const DOUBLE_READ_RULES: readonly { value: DoubleReadRule; label: string; hint: string }[] = [
  {
    value: 'disagreement',
    label: 'Disagreement with the model',
    hint: "The first reads furthest from the model's prediction: catches the most label noise per second read.",
  },
  {
    value: 'uncertainty',
    label: 'Model uncertainty',
    hint: "The top of the round's selection: bets that readers err more where the model is unsure.",
  },
  { value: 'random', label: 'Random', hint: 'A fixed random draw per case: an unbiased sample of reader agreement.' },
]

export const CONSENSUS_METHODS: readonly { value: ConsensusMethod; label: string }[] = [
  { value: 'staple', label: 'STAPLE' },
  { value: 'majority', label: 'Label voting' },
]

/** A stored fraction (0..1) as the percentage input's text: 0.1 → "10". */
export function percentText(fraction: number | null | undefined): string {
  return String(Math.round((fraction ?? 0) * 1000) / 10)
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
    // Double reading needs review: with review off the share is 0 (the server refuses anything else).
    double_read_fraction: fields.reviewRequired ? Number(fields.doubleReadPercent || '0') / 100 : 0,
    double_read_rule: fields.doubleReadRule,
    consensus_method: fields.consensusMethod,
  }
}

/** A stored optional number as the input's text ("" when unset). */
export function optionalText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value)
}
