import { type ReactNode, useEffect, useEffectEvent, useRef, useState } from 'react'
import { ViewerEngine } from '../engine/viewer-engine'

declare global {
  interface Window {
    /** The live engine, for E2E tests and debugging; `await window.__radloopViewer.rendered` waits for pixels. */
    __radloopViewer?: ViewerEngine
  }
}

interface ViewportProps {
  /** Called once the engine is attached to the canvas (and with null on unmount). */
  onEngine: (engine: ViewerEngine | null) => void
  label: string
  /** Read-outs drawn over the canvas (they let the mouse through to it). */
  children?: ReactNode
}

/** Owns the canvas and the engine's lifetime; all drawing state lives in the engine, never in React state. */
export function Viewport({ onEngine, label, children }: ViewportProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  // An effect event: the engine is built once per mount and still reports to the latest `onEngine`.
  const reportEngine = useEffectEvent(onEngine)
  const [rendered, setRendered] = useState(false)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const engine = new ViewerEngine()
    let disposed = false
    const offRendered = engine.on('rendered', () => setRendered(true))
    void engine.attach(canvas).then(() => {
      if (disposed) return
      window.__radloopViewer = engine
      reportEngine(engine)
    })
    return () => {
      disposed = true
      offRendered()
      reportEngine(null)
      if (window.__radloopViewer === engine) delete window.__radloopViewer
      engine.dispose()
    }
  }, [])

  return (
    <div className="viewport" data-testid="viewer" data-rendered={rendered ? 'true' : 'false'}>
      <canvas ref={canvasRef} data-testid="viewer-canvas" tabIndex={0} aria-label={label} />
      {children}
    </div>
  )
}
