import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'react'

// Only what the dashboard draws is registered, so the chunk stays small (Chart.js is tree-shakeable).
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
)

export interface ChartCanvasProps {
  config: ChartConfiguration
  label: string
  testId?: string
  height?: number
}

/** One Chart.js chart on a canvas. New data updates the chart in place (no flicker while a round is polled). */
export default function ChartCanvas({ config, label, testId, height = 260 }: ChartCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | null>(null)

  useEffect(() => {
    if (!canvas.current) return
    const options = { animation: false as const, maintainAspectRatio: false, responsive: true, ...config.options }
    if (chart.current && (chart.current.config as { type?: string }).type === (config as { type?: string }).type) {
      chart.current.data = config.data
      chart.current.options = options
      chart.current.update('none')
      return
    }
    chart.current?.destroy()
    chart.current = new Chart(canvas.current, { ...config, options })
  }, [config])

  useEffect(
    () => () => {
      chart.current?.destroy()
      chart.current = null
    },
    [],
  )

  return (
    <div className="chart-box" style={{ position: 'relative', height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  )
}
