import type { ChartConfiguration } from 'chart.js'
import type { Label, ProjectDashboard } from '@/types/api'

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

/** The label-efficiency curve: validation Dice against the number of annotated patients trained on. */
export function efficiencyConfig(board: ProjectDashboard): ChartConfiguration {
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
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'patients annotated' }, ticks: { precision: 0 } },
        y: { min: 0, max: 1, title: { display: true, text: 'validation Dice' } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const point = board.efficiency[item.dataIndex]
              return point
                ? `round ${point.round}: ${point.patients_annotated} patients, Dice ${point.val_dice.toFixed(3)}`
                : ''
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

/** "3m 07s" from seconds; "–" when unknown. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '–'
  const total = Math.round(seconds)
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const rest = total % 60
  const pad = (n: number) => n.toString().padStart(2, '0')
  if (hours > 0) return `${hours}h ${pad(minutes)}m`
  if (minutes > 0) return `${minutes}m ${pad(rest)}s`
  return `${rest}s`
}
