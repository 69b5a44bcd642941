import { useCallback, useEffect, useRef, useState } from 'react'
import type { AnnotationCreated, PatientDetail } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { readNiftiShape, sameShape } from '@/viewer/engine/nifti-header'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { fetchPrediction, fetchUncertainty, fetchVolume } from '../api/get-patient-files'
import { useSubmitAnnotation } from '../api/submit-annotation'
import { useAnnotationHotkeys } from '../hooks/use-annotation-hotkeys'
import type { HotkeyAction } from '../utils/hotkeys'
import { AnnotationToolbar, type ToolState } from './annotation-toolbar'
import { HotkeyList } from './hotkey-list'

type LoadState = { kind: 'loading' } | { kind: 'ready'; hasPrediction: boolean } | { kind: 'error'; message: string }

/** Viewer + tools + submit for one patient: loads the image and the model's prediction as the editable mask. */
export function AnnotationWorkspace(props: { patient: PatientDetail; onSubmitted: (r: AnnotationCreated) => void }) {
  const { patient, onSubmitted } = props
  const [engine, setEngine] = useState<ViewerEngine | null>(null)
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const [hasUncertainty, setHasUncertainty] = useState(false)
  const [state, setState] = useState<ToolState>({
    tool: 'navigate',
    labelValue: patient.labels[0]?.value ?? 1,
    penSize: 3,
    opacity: 0.6,
    showUncertainty: false,
    plane: 'axial',
  })
  const startedAt = useRef(performance.now())
  const submit = useSubmitAnnotation(patient.id)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const ready = engine !== null && load.kind === 'ready'

  useEffect(() => {
    if (!engine) return
    const controller = new AbortController()
    const { signal } = controller
    setLoad({ kind: 'loading' })
    void (async () => {
      try {
        const [volume, prediction, uncertainty] = await Promise.all([
          fetchVolume(patient.id, signal),
          fetchPrediction(patient.id, signal),
          patient.has_uncertainty ? fetchUncertainty(patient.id, signal) : Promise.resolve(null),
        ])
        if (signal.aborted) return
        await engine.loadVolume(volume)
        if (uncertainty) await engine.setOverlay(uncertainty)
        const loaded = prediction ? await engine.setLabelmap(prediction) : await engine.setLabelmap(null)
        engine.setLabelColors(patient.labels)
        setHasUncertainty(uncertainty !== null)
        setLoad({ kind: 'ready', hasPrediction: prediction !== null && loaded })
        startedAt.current = performance.now()
        engine.markRendered()
      } catch (error) {
        if (!signal.aborted) setLoad({ kind: 'error', message: (error as Error).message })
      }
    })()
    return () => controller.abort()
  }, [engine, patient.id, patient.has_uncertainty, patient.labels])

  // Push tool state into the engine; React keeps only these small settings, never voxels.
  useEffect(() => {
    if (ready) engine.setTool(state.tool, state.labelValue)
  }, [ready, engine, state.tool, state.labelValue])
  useEffect(() => {
    if (ready) engine.setPenSize(state.penSize)
  }, [ready, engine, state.penSize])
  useEffect(() => {
    if (ready) engine.setDrawOpacity(state.opacity)
  }, [ready, engine, state.opacity])
  useEffect(() => {
    if (ready) engine.setPlane(state.plane)
  }, [ready, engine, state.plane])
  useEffect(() => {
    if (ready) engine.setOverlayVisible(state.showUncertainty)
  }, [ready, engine, state.showUncertainty])

  const change = useCallback((patch: Partial<ToolState>) => setState((s) => ({ ...s, ...patch })), [])

  useAnnotationHotkeys((action: HotkeyAction) => {
    if (!ready) return
    const actions: Record<HotkeyAction, () => void> = {
      brush: () => change({ tool: 'brush' }),
      eraser: () => change({ tool: 'eraser' }),
      navigate: () => change({ tool: 'navigate' }),
      undo: () => engine.undo(),
      'next-slice': () => engine.scrollSlice(1),
      'previous-slice': () => engine.scrollSlice(-1),
      'reset-contrast': () => engine.resetContrast(),
      'toggle-uncertainty': () => hasUncertainty && setState((s) => ({ ...s, showUncertainty: !s.showUncertainty })),
      'bigger-brush': () => setState((s) => ({ ...s, penSize: Math.min(15, s.penSize + 1) })),
      'smaller-brush': () => setState((s) => ({ ...s, penSize: Math.max(1, s.penSize - 1) })),
    }
    actions[action]()
  })

  async function handleSubmit() {
    if (!engine) return
    setSubmitError(null)
    try {
      const mask = await engine.getLabelmap()
      const shape = readNiftiShape(mask)
      if (!sameShape(shape, patient.shape)) {
        throw new Error(`Exported mask has shape ${shape.join('×')} but the image is ${patient.shape.join('×')}.`)
      }
      const timeSpentS = (performance.now() - startedAt.current) / 1000
      onSubmitted(await submit.mutateAsync({ mask, timeSpentS }))
    } catch (error) {
      setSubmitError((error as Error).message)
    }
  }

  return (
    <div className="workspace">
      <div className="viewer-column">
        <Viewport onEngine={setEngine} label={`Image of patient ${patient.external_id}`} />
        <p role="status" className="viewer-status" data-testid="viewer-status">
          {load.kind === 'loading' && 'Loading volume…'}
          {load.kind === 'ready' &&
            (load.hasPrediction ? 'Model prediction loaded as the starting mask.' : 'No prediction: empty mask.')}
        </p>
        {load.kind === 'error' && (
          <p role="alert" className="error">
            Could not load the images: {load.message}
          </p>
        )}
      </div>
      <aside className="tools-column">
        <AnnotationToolbar
          state={state}
          labels={patient.labels}
          hasUncertainty={hasUncertainty}
          onChange={change}
          onUndo={() => engine?.undo()}
          onSlice={(delta) => engine?.scrollSlice(delta)}
          onResetContrast={() => engine?.resetContrast()}
        />
        <button
          type="button"
          className="primary"
          data-testid="submit-annotation"
          disabled={!ready || submit.isPending}
          onClick={() => void handleSubmit()}
        >
          {submit.isPending ? 'Submitting…' : 'Submit annotation'}
        </button>
        {submitError && (
          <p role="alert" className="error" data-testid="submit-error">
            {submitError}
          </p>
        )}
        <HotkeyList />
      </aside>
    </div>
  )
}
