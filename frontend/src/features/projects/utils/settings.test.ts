import { describe, expect, it } from 'vitest'
import { optionalNumber, optionalText, percentText, type SettingsFields, settingsInput } from './settings'

describe('optional number inputs', () => {
  it('reads an empty input as null and a number as itself', () => {
    expect(optionalNumber('')).toBeNull()
    expect(optionalNumber('  ')).toBeNull()
    expect(optionalNumber('0.85')).toBe(0.85)
    expect(optionalNumber('0')).toBe(0)
  })
  it('shows an unset value as an empty input', () => {
    expect(optionalText(null)).toBe('')
    expect(optionalText(0.9)).toBe('0.9')
  })
})

describe('settingsInput', () => {
  const fields: SettingsFields = {
    strategy: 'entropy',
    batchSize: '4',
    autoPublish: false,
    genesis: true,
    objective: 'value_per_cost',
    targetDice: '0.85',
    stopGain: '',
    reviewRequired: true,
    doubleReadPercent: '10',
    doubleReadRule: 'disagreement',
    consensusMethod: 'staple',
  }
  it('sends every setting, the objective and the forecast thresholds', () => {
    expect(settingsInput(fields)).toEqual({
      strategy: 'entropy',
      batch_size: 4,
      auto_publish: false,
      genesis_enabled: true,
      selection_objective: 'value_per_cost',
      target_dice: 0.85,
      stop_gain_per_100: null,
      review_required: true,
      double_read_fraction: 0.1,
      double_read_rule: 'disagreement',
      consensus_method: 'staple',
    })
  })
  it('sends the double-reading share as a fraction, and 0 with review off (double reading needs review)', () => {
    expect(settingsInput({ ...fields, doubleReadPercent: '12.5' }).double_read_fraction).toBe(0.125)
    expect(settingsInput({ ...fields, doubleReadPercent: '' }).double_read_fraction).toBe(0)
    expect(settingsInput({ ...fields, reviewRequired: false }).double_read_fraction).toBe(0)
    expect(percentText(0.125)).toBe('12.5')
    expect(percentText(undefined)).toBe('0')
  })
  it('turns the review of masks off as well as on', () => {
    expect(settingsInput({ ...fields, reviewRequired: false }).review_required).toBe(false)
  })
  it('clears a threshold with null when its input is emptied', () => {
    expect(settingsInput({ ...fields, targetDice: '', stopGain: '0.01' })).toMatchObject({
      target_dice: null,
      stop_gain_per_100: 0.01,
    })
  })
})
