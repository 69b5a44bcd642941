import { lazy, Suspense } from 'react'
import type { ChartCanvasProps } from './chart-canvas'

// Chart.js is loaded only by the pages that draw a chart.
const ChartCanvas = lazy(() => import('./chart-canvas'))

export function LazyChart(props: ChartCanvasProps) {
  return (
    <Suspense fallback={<p role="status">Loading chart…</p>}>
      <ChartCanvas {...props} />
    </Suspense>
  )
}
