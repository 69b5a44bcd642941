import { describe, expect, it } from 'vitest'
import type { Forecast, ProjectDashboard, RandomCurve, RoundTimeline } from '@/types/api'
import { dicePerLabelConfig, efficiencyConfig, forecastConfig, randomBand, uncertaintyConfig } from './charts'

const round = (number: number, dice: number | null, nTrain: number | null): RoundTimeline => ({
  id: `r${number}`,
  number,
  status: 'closed',
  strategy: 'entropy',
  batch_size: 2,
  created_at: '2026-11-25T10:00:00',
  started_at: '2026-11-25T10:00:00',
  finished_at: '2026-11-25T10:01:00',
  duration_s: 60,
  progress: {},
  val_dice: dice,
  val_dice_per_label: dice === null ? {} : { anterior: dice - 0.1, posterior: dice + 0.1 },
  n_train: nTrain,
  n_selected: 2,
  error: null,
})

const board: ProjectDashboard = {
  project_id: 'p',
  project_name: 'demo',
  counts: {
    patients: 10,
    annotated: 4,
    in_review: 0,
    reserved: 0,
    queued: 2,
    set_aside: 0,
    unlabeled: 2,
    validation: 2,
  },
  currency: 'EUR',
  labels: [
    { value: 1, name: 'anterior', color: '#e6194b' },
    { value: 2, name: 'posterior', color: '#3cb44b' },
  ],
  running: false,
  generated_at: '2026-11-25T10:02:00',
  rounds: [round(1, 0.5, 4), round(2, 0.7, 6), round(3, null, null)],
  efficiency: [
    { round: 1, patients_annotated: 4, val_dice: 0.5 },
    { round: 2, patients_annotated: 6, val_dice: 0.7 },
  ],
  uncertainty: [
    { round: 1, edges: [0, 0.5, 1], counts: [3, 1], n: 4 },
    { round: 2, edges: [0, 0.5, 1], counts: [1, 1], n: 2 },
  ],
  throughput: [],
  reviewers: [],
  simulation: null,
  random_curve: null,
  reading_time: null,
  forecast: null,
}

const curve: RandomCurve = {
  points: [
    { n_labeled: 4, dice_mean: 0.4, dice_sd: 0.1, dice: [0.3, 0.5] },
    { n_labeled: 6, dice_mean: 0.95, dice_sd: 0.1, dice: [0.9, 1.0] },
    { n_labeled: 8, dice_mean: null, dice_sd: null, dice: [null, null] },
  ],
  seeds: 2,
  ground_truth: 8,
  skipped: [],
}

describe('dashboard charts', () => {
  it('plots Dice per label for finished rounds only, in the label colours', () => {
    const config = dicePerLabelConfig(board)
    expect(config.data.labels).toEqual(['round 1', 'round 2'])
    expect(config.data.datasets.map((d) => d.label)).toEqual(['anterior', 'posterior', 'mean'])
    expect(config.data.datasets[0].backgroundColor).toBe('#e6194b')
    expect(config.data.datasets[2].data).toEqual([0.5, 0.7])
  })
  it('plots Dice against patients annotated', () => {
    expect(efficiencyConfig(board).data.datasets[0].data).toEqual([
      { x: 4, y: 0.5 },
      { x: 6, y: 0.7 },
    ])
  })
  it('draws only the real curve while no simulation has a point', () => {
    expect(efficiencyConfig(board).data.datasets).toHaveLength(1)
  })
  it('draws the simulated random curve as mean with a shaded ± sd band', () => {
    const datasets = efficiencyConfig({ ...board, random_curve: curve }).data.datasets
    expect(datasets.map((d) => d.label)).toEqual([
      'active learning (this project)',
      'random selection (simulated, mean ± sd of 2 seeds)',
      'random ± sd bound',
      'random ± sd bound',
    ])
    expect(datasets[1].data).toEqual([
      { x: 4, y: 0.4 },
      { x: 6, y: 0.95 },
    ])
    expect((datasets[3] as { fill?: unknown }).fill).toBe('-1')
  })
  it('clamps the band to [0, 1] and leaves out points without Dice', () => {
    const band = randomBand(curve)
    expect(band.upper.map((p) => p.y)).toEqual([0.5, 1])
    expect(band.lower.map((p) => p.y)).toEqual([0.30000000000000004, 0.85])
    const single = randomBand({
      ...curve,
      seeds: 1,
      points: [{ n_labeled: 2, dice_mean: 0.5, dice_sd: null, dice: [0.5] }],
    })
    expect(single.upper).toEqual(single.lower)
  })
  it('bins uncertainty on shared edges', () => {
    const config = uncertaintyConfig(board)
    expect(config.data.labels).toEqual(['0.00–0.500', '0.500–1.00'])
    expect(config.data.datasets.map((d) => d.data)).toEqual([
      [3, 1],
      [1, 1],
    ])
  })
})

const forecast: Forecast = {
  basis: 'rounds',
  points: 3,
  curve: [
    { patients: 1, dice: 0.3, low: 0.2, high: 0.4 },
    { patients: 10, dice: 0.7, low: 0.65, high: 0.75 },
    { patients: 20, dice: 0.8, low: 0.72, high: 0.86 },
  ],
  patients_now: 6,
  spent_now: 60,
  remaining_budget: 140,
  mean_cost_per_patient: 10,
  patients_if_spent: 20,
  expected_dice_if_spent: { mean: 0.8, low: 0.72, high: 0.86 },
  target_dice: 0.85,
  budget_to_target: null,
  target_unreachable: true,
  gain_per_100: 0.05,
  stop_gain_per_100: 0.01,
  recommendation: 'continue',
  reason: 'another 100 is expected to add 0.05 Dice',
  random_baseline: null,
}

describe('forecast chart', () => {
  const labels = (f: Forecast) => forecastConfig(f, board.efficiency).data.datasets.map((d) => d.label)
  it('draws the fitted curve with its shaded interval, the rounds, the spent-budget point and the target', () => {
    const datasets = forecastConfig(forecast, board.efficiency).data.datasets
    expect(labels(forecast)).toEqual([
      'fitted learning curve (with interval)',
      'forecast interval bound',
      'forecast interval bound',
      'rounds (measured validation Dice)',
      'if the remaining budget is spent',
      'target Dice 0.85',
    ])
    expect(datasets[0].data).toEqual([
      { x: 1, y: 0.3 },
      { x: 10, y: 0.7 },
      { x: 20, y: 0.8 },
    ])
    expect(datasets[1].data.map((p) => (p as { y: number }).y)).toEqual([0.4, 0.75, 0.86])
    expect((datasets[2] as { fill?: unknown }).fill).toBe('-1')
    expect(datasets[3].data).toEqual([
      { x: 4, y: 0.5 },
      { x: 6, y: 0.7 },
    ])
    expect(datasets[4].data).toEqual([{ x: 20, y: 0.8 }])
    expect(datasets[5].data).toEqual([
      { x: 1, y: 0.85 },
      { x: 20, y: 0.85 },
    ])
  })
  it('adds the random baseline forecast, dashed, and leaves out the target line without a target', () => {
    const withRandom: Forecast = {
      ...forecast,
      target_dice: null,
      random_baseline: {
        curve: [
          { patients: 1, dice: 0.2, low: 0.1, high: 0.3 },
          { patients: 20, dice: 0.6, low: 0.5, high: 0.7 },
        ],
        expected_dice_if_spent: { mean: 0.6, low: 0.5, high: 0.7 },
      },
    }
    const datasets = forecastConfig(withRandom, board.efficiency).data.datasets
    expect(labels(withRandom).slice(5)).toEqual([
      'random selection (forecast from the simulation)',
      'random forecast interval bound',
      'random forecast interval bound',
    ])
    expect((datasets[5] as { borderDash?: number[] }).borderDash).toEqual([6, 4])
  })
})
