import type { ChartConfiguration } from 'chart.js'
import type { EfficiencyPoint, Forecast, ForecastPoint, Label, ProjectDashboard, RandomCurve } from '@/types/api'

const ROUND_COLOURS = ['#1f5fbf', '#e6194b', '#3cb44b', '#f58231', '#911eb4', '#42d4f4', '#808000', '#000075']

export function roundColour(index: number): string {
  return ROUND_COLOURS[index % ROUND_COLOURS.length]
}

function labelColour(labels: Label[], name: string, index: number): string {
  return labels.find((l) => l.name === name)?.color ?? roundColour(index)
}

/** Validation Dice of each label (and the mean) for every finished round. */
export function dicePerLabelConfig(board: ProjectDashboard): ChartConfiguration {
  const rounds = board.rounds.filter((r) => r.val_dice !== null)
  const names = Array.from(new Set(rounds.flatMap((r) => Object.keys(r.val_dice_per_label))))
  return {
    type: 'bar',
    data: {
      labels: rounds.map((r) => `round ${r.number}`),
      datasets: [
        ...names.map((name, i) => ({
          label: name,
          data: rounds.map((r) => r.val_dice_per_label[name] ?? null),
          backgroundColor: labelColour(board.labels, name, i),
        })),
        { label: 'mean', data: rounds.map((r) => r.val_dice), backgroundColor: '#555' },
      ],
    },
    options: { scales: { y: { min: 0, max: 1, title: { display: true, text: 'validation Dice' } } } },
  }
}

const RANDOM_COLOUR = '#f58231'
const RANDOM_BAND = 'rgba(245, 130, 49, 0.18)'
/** Datasets that only draw the ± sd band: kept out of the legend and the tooltip. */
const BAND_LABEL = 'random ± sd bound'
const FORECAST_BAND_LABEL = 'forecast interval bound'
const RANDOM_FORECAST_BAND_LABEL = 'random forecast interval bound'
const BAND_LABELS = new Set([BAND_LABEL, FORECAST_BAND_LABEL, RANDOM_FORECAST_BAND_LABEL])

interface XY {
  x: number
  y: number
}

/** The simulated random curve as mean, mean + sd and mean − sd (clamped to [0, 1]); points without Dice are left
 * out and a point without sd (a single seed) gets no band. */
export function randomBand(curve: RandomCurve): { mean: XY[]; upper: XY[]; lower: XY[] } {
  const points = curve.points.filter((p) => p.dice_mean !== null)
  const at = (sign: number) =>
    points.map((p) => ({
      x: p.n_labeled,
      y: Math.min(1, Math.max(0, (p.dice_mean as number) + sign * (p.dice_sd ?? 0))),
    }))
  return { mean: at(0), upper: at(1), lower: at(-1) }
}

function randomDatasets(curve: RandomCurve | null): ChartConfiguration['data']['datasets'] {
  if (!curve || curve.points.length === 0) return []
  const band = randomBand(curve)
  const seeds = curve.seeds === 1 ? '1 seed' : `mean ± sd of ${curve.seeds} seeds`
  return [
    {
      label: `random selection (simulated, ${seeds})`,
      data: band.mean,
      borderColor: RANDOM_COLOUR,
      backgroundColor: RANDOM_COLOUR,
      borderDash: [6, 4],
      pointRadius: 4,
    },
    { label: BAND_LABEL, data: band.upper, borderWidth: 0, pointRadius: 0, fill: false },
    {
      label: BAND_LABEL,
      data: band.lower,
      borderWidth: 0,
      pointRadius: 0,
      backgroundColor: RANDOM_BAND,
      fill: '-1', // shade down from the upper bound drawn just before
    },
  ]
}

/** The label-efficiency curve: validation Dice against the number of annotated patients trained on, with the
 * simulated random-selection baseline (mean ± sd over seeds) beside it when the project has one. */
export function efficiencyConfig(board: ProjectDashboard): ChartConfiguration {
  const curve = board.random_curve ?? null
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'active learning (this project)',
          data: board.efficiency.map((p) => ({ x: p.patients_annotated, y: p.val_dice })),
          borderColor: '#1f5fbf',
          backgroundColor: '#1f5fbf',
          pointRadius: 5,
        },
        ...randomDatasets(curve),
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'patients annotated' }, ticks: { precision: 0 } },
        y: { min: 0, max: 1, title: { display: true, text: 'validation Dice' } },
      },
      plugins: {
        legend: { labels: { filter: (item) => !BAND_LABELS.has(item.text) } },
        tooltip: {
          filter: (item) => !BAND_LABELS.has(item.dataset.label ?? ''),
          callbacks: {
            label: (item) => {
              if (item.datasetIndex === 0) {
                const point = board.efficiency[item.dataIndex]
                return point
                  ? `round ${point.round}: ${point.patients_annotated} patients, Dice ${point.val_dice.toFixed(3)}`
                  : ''
              }
              const point = curve?.points.filter((p) => p.dice_mean !== null)[item.dataIndex]
              if (!point || point.dice_mean === null) return ''
              const sd = point.dice_sd === null ? '' : ` ± ${point.dice_sd.toFixed(3)}`
              return `random: ${point.n_labeled} patients, Dice ${point.dice_mean.toFixed(3)}${sd}`
            },
          },
        },
      },
    },
  }
}

const FORECAST_COLOUR = '#1f5fbf'
const FORECAST_BAND = 'rgba(31, 95, 191, 0.15)'
const RANDOM_FORECAST_BAND = 'rgba(245, 130, 49, 0.12)'
const TARGET_COLOUR = '#911eb4'

/** A fitted curve as its mean line and its interval, shaded between the upper and the lower bound. */
function curveDatasets(
  curve: readonly ForecastPoint[],
  label: string,
  colour: string,
  band: string,
  bandLabel: string,
  dashed: boolean,
): ChartConfiguration['data']['datasets'] {
  return [
    {
      label,
      data: curve.map((p) => ({ x: p.patients, y: p.dice })),
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      borderDash: dashed ? [6, 4] : [],
      pointRadius: 0,
      pointHitRadius: 6,
    },
    { label: bandLabel, data: curve.map((p) => ({ x: p.patients, y: p.high })), borderWidth: 0, pointRadius: 0 },
    {
      label: bandLabel,
      data: curve.map((p) => ({ x: p.patients, y: p.low })),
      borderWidth: 0,
      pointRadius: 0,
      backgroundColor: band,
      fill: '-1', // shade down from the upper bound drawn just before
    },
  ]
}

/**
 * The forecast: the learning curve fitted to the rounds (mean and interval) with the rounds' measured Dice on it,
 * where spending the remaining budget is expected to land, the lead's target Dice, and the same fit to the
 * simulated random-selection curve when there is one.
 */
export function forecastConfig(forecast: Forecast, rounds: readonly EfficiencyPoint[]): ChartConfiguration {
  const xs = forecast.curve.map((p) => p.patients)
  const random = forecast.random_baseline
  const datasets: ChartConfiguration['data']['datasets'] = [
    ...curveDatasets(
      forecast.curve,
      'fitted learning curve (with interval)',
      FORECAST_COLOUR,
      FORECAST_BAND,
      FORECAST_BAND_LABEL,
      false,
    ),
    {
      label: 'rounds (measured validation Dice)',
      data: rounds.map((p) => ({ x: p.patients_annotated, y: p.val_dice })),
      borderColor: '#1b1f24',
      backgroundColor: '#1b1f24',
      showLine: false,
      pointRadius: 5,
    },
    {
      label: 'if the remaining budget is spent',
      data: [{ x: forecast.patients_if_spent, y: forecast.expected_dice_if_spent.mean }],
      borderColor: '#3cb44b',
      backgroundColor: '#3cb44b',
      showLine: false,
      pointStyle: 'triangle',
      pointRadius: 8,
      clip: 12, // it sits on the chart's right edge: drawn whole, into the layout padding
    },
  ]
  if (forecast.target_dice !== null && xs.length > 0) {
    datasets.push({
      label: `target Dice ${forecast.target_dice.toFixed(2)}`,
      data: [
        { x: Math.min(...xs), y: forecast.target_dice },
        { x: Math.max(...xs), y: forecast.target_dice },
      ],
      borderColor: TARGET_COLOUR,
      backgroundColor: TARGET_COLOUR,
      borderDash: [2, 3],
      borderWidth: 2,
      pointRadius: 0,
    })
  }
  if (random && random.curve.length > 0) {
    datasets.push(
      ...curveDatasets(
        random.curve,
        'random selection (forecast from the simulation)',
        RANDOM_COLOUR,
        RANDOM_FORECAST_BAND,
        RANDOM_FORECAST_BAND_LABEL,
        true,
      ),
    )
  }
  return {
    type: 'line',
    data: { datasets },
    options: {
      parsing: false,
      layout: { padding: { right: 12 } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'patients annotated' }, ticks: { precision: 0 } },
        y: { min: 0, max: 1, title: { display: true, text: 'validation Dice' } },
      },
      plugins: {
        legend: { labels: { filter: (item) => !BAND_LABELS.has(item.text) } },
        tooltip: {
          filter: (item) => !BAND_LABELS.has(item.dataset.label ?? ''),
          callbacks: {
            label: (item) => {
              const point = item.raw as { x: number; y: number }
              return `${item.dataset.label ?? ''}: ${Math.round(point.x)} patients, Dice ${point.y.toFixed(3)}`
            },
          },
        },
      },
    },
  }
}

/** Uncertainty scores per round, binned on the same edges so rounds compare. */
export function uncertaintyConfig(board: ProjectDashboard): ChartConfiguration {
  const edges = board.uncertainty[0]?.edges ?? []
  const bins = edges.slice(0, -1).map((low, i) => `${low.toPrecision(3)}–${edges[i + 1].toPrecision(3)}`)
  return {
    type: 'bar',
    data: {
      labels: bins,
      datasets: board.uncertainty.map((h, i) => ({
        label: `round ${h.round} (${h.n})`,
        data: h.counts,
        backgroundColor: roundColour(i),
      })),
    },
    options: {
      scales: {
        x: { title: { display: true, text: 'uncertainty score' } },
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'patients' } },
      },
    },
  }
}
