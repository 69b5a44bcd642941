import { useCallback, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import { useUser } from '@/lib/auth'
import type { AnnotationCreated, PatientDetail, SkipReason } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { readNiftiShape, sameShape } from '@/viewer/engine/nifti-header'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useCorrectGroundTruth } from '../api/correct-ground-truth'
import { discardDraft, loadDraft, saveDraft } from '../api/draft'
import { fetchAcceptedMask, fetchPrediction, fetchUncertainty, fetchVolume } from '../api/get-patient-files'
import { releaseCase, reserveCase, skipCase } from '../api/reservation'
import { useSubmitAnnotation } from '../api/submit-annotation'
import { useActiveClock } from '../hooks/use-active-clock'
import { useAnnotationHotkeys } from '../hooks/use-annotation-hotkeys'
import { useLeaveGuard } from '../hooks/use-leave-guard'
import type { HotkeyAction } from '../utils/hotkeys'
import { AnnotationToolbar, type ToolState } from './annotation-toolbar'
import { CorrectionForm } from './correction-form'
import { HelpOverlay } from './help-overlay'
import { SkipForm } from './skip-form'

type StartingMask = 'draft' | 'accepted' | 'prediction' | 'empty'
type LoadState = { kind: 'loading' } | { kind: 'ready'; source: StartingMask } | { kind: 'error'; message: string }
/** `not-needed`: a lead's correction writes no draft and takes no case from the queue, so it reserves nothing. */
type ReservationState =
  { kind: 'pending' } | { kind: 'held'; until: string } | { kind: 'refused'; message: string } | { kind: 'not-needed' }
type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'error'

/** Renewed well before the server's 30-minute expiry while the viewer is open. */
const RENEW_EVERY_MS = 5 * 60_000
/** Autosave this long after the last edit. */
const AUTOSAVE_DELAY_MS = 1500
const LEAVE_MESSAGE = 'You have unsaved changes on this case. Leave anyway?'

function formatDuration(seconds: number): string {
  const s = Math.floor(seconds)
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * `annotate`: a reader's case from the queue. `correct`: a lead or admin correcting any patient's ground truth
 * (validation and imported included), which readers may not write, so it neither reserves nor autosaves a draft.
 */
export type WorkspaceMode = 'annotate' | 'correct'

/**
 * Viewer + tools + submit for one patient. In `annotate` mode opening reserves the case; the drawing starts from
 * the user's saved draft (else the model's prediction), autosaves while they work, and the submission clears the
 * draft. In `correct` mode the drawing starts from the accepted mask (else the prediction). A lead or admin gets
 * the separate, audited "Correct ground truth…" action in both modes.
 */
export function AnnotationWorkspace(props: {
  patient: PatientDetail
  mode?: WorkspaceMode
  onSubmitted?: (r: AnnotationCreated) => void
  onSkipped?: (reason: SkipReason) => void
  onCorrected?: (r: AnnotationCreated) => void
}) {
  const { patient, mode = 'annotate', onSubmitted, onSkipped, onCorrected } = props
  const correcting = mode === 'correct'
  const { data: user } = useUser()
  const canCorrect = user?.role === 'lead' || user?.role === 'admin'
  const [reservation, setReservation] = useState<ReservationState>(
    correcting ? { kind: 'not-needed' } : { kind: 'pending' },
  )
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
    windowPreset: 'auto',
    rightDrag: 'contrast',
    fillLow: 0,
    fillHigh: 0,
  })
  const [helpOpen, setHelpOpen] = useState(false)
  const [canRedo, setCanRedo] = useState(false)
  const [zoom, setZoom] = useState(1)
  const [saveState, setSaveState] = useState<SaveState>('clean')
  const [message, setMessage] = useState<string | null>(null)
  const clock = useActiveClock()
  const submit = useSubmitAnnotation(patient.id)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const correct = useCorrectGroundTruth(patient.id)
  const [correctError, setCorrectError] = useState<string | null>(null)
  const ready = engine !== null && load.kind === 'ready'

  // Edits since the last successful save; refs, so timers and the leave guard always see the latest values.
  const editCount = useRef(0)
  const savedCount = useRef(0)
  const saving = useRef(false)
  const saveTimer = useRef<number | undefined>(undefined)
  const leaving = useRef(false)
  const hasDraft = useRef(false)

  useEffect(() => {
    if (correcting) return
    let alive = true
    reserveCase(patient.id)
      .then((r) => alive && setReservation({ kind: 'held', until: r.expires_at }))
      .catch((error: Error) => alive && setReservation({ kind: 'refused', message: error.message }))
    const timer = window.setInterval(() => {
      reserveCase(patient.id)
        .then((r) => alive && setReservation({ kind: 'held', until: r.expires_at }))
        .catch((error: Error) => alive && setReservation({ kind: 'refused', message: error.message }))
    }, RENEW_EVERY_MS)
    return () => {
      alive = false
      window.clearInterval(timer)
      // Opened and left untouched: give the case straight back to the queue.
      if (!leaving.current && !hasDraft.current && editCount.current === 0) void releaseCase(patient.id).catch(() => {})
    }
  }, [patient.id, correcting])

  const mayLoad = reservation.kind === 'held' || reservation.kind === 'not-needed'

  useEffect(() => {
    if (!engine || !mayLoad) return
    const controller = new AbortController()
    const { signal } = controller
    setLoad({ kind: 'loading' })
    void (async () => {
      try {
        // A correction starts from the ground truth it corrects; a reader from their draft, else the prediction.
        const fromAccepted = correcting && patient.annotation_version !== null
        const [volume, draft, accepted, prediction, uncertainty] = await Promise.all([
          fetchVolume(patient.id, signal),
          correcting ? Promise.resolve(null) : loadDraft(patient.id, signal),
          fromAccepted ? fetchAcceptedMask(patient.id, patient.annotation_version, signal) : Promise.resolve(null),
          fromAccepted ? Promise.resolve(null) : fetchPrediction(patient.id, signal),
          patient.has_uncertainty ? fetchUncertainty(patient.id, signal) : Promise.resolve(null),
        ])
        if (signal.aborted) return
        engine.setLabelColors(patient.labels)
        await engine.loadVolume(volume)
        if (uncertainty) await engine.setOverlay(uncertainty)
        let source: StartingMask = 'empty'
        if (draft && (await engine.setLabelmap(draft.mask, 'draft.nii.gz'))) {
          source = 'draft'
          hasDraft.current = true
          clock.restart(draft.info.time_spent_s ?? 0)
        } else if (accepted && (await engine.setLabelmap(accepted, 'mask.nii.gz'))) {
          source = 'accepted'
          clock.restart(0)
        } else if (prediction && (await engine.setLabelmap(prediction))) {
          source = 'prediction'
          clock.restart(0)
        } else {
          await engine.setLabelmap(null)
          clock.restart(0)
        }
        setHasUncertainty(uncertainty !== null)
        setLoad({ kind: 'ready', source })
        engine.markRendered()
      } catch (error) {
        if (!signal.aborted) setLoad({ kind: 'error', message: (error as Error).message })
      }
    })()
    return () => controller.abort()
  }, [
    engine,
    mayLoad,
    correcting,
    patient.id,
    patient.annotation_version,
    patient.has_uncertainty,
    patient.labels,
    clock.restart,
  ])

  const saveNow = useCallback(async () => {
    if (!engine || correcting || saving.current || leaving.current) return
    const target = editCount.current
    if (target === savedCount.current) return
    saving.current = true
    setSaveState('saving')
    try {
      await saveDraft(patient.id, await engine.getLabelmap(), clock.seconds())
      savedCount.current = Math.max(savedCount.current, target)
      hasDraft.current = true
      setSaveState(editCount.current === savedCount.current ? 'saved' : 'dirty')
    } catch (error) {
      setSaveState('error')
      setMessage(`Autosave failed: ${(error as Error).message}`)
    } finally {
      saving.current = false
    }
    if (editCount.current !== savedCount.current && !leaving.current) {
      window.clearTimeout(saveTimer.current)
      saveTimer.current = window.setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS)
    }
  }, [engine, correcting, patient.id, clock])

  useEffect(() => {
    if (!ready) return
    return engine.on('labelmapEdited', () => {
      editCount.current += 1
      setSaveState('dirty')
      setCanRedo(engine.canRedo())
      if (correcting) return
      window.clearTimeout(saveTimer.current)
      saveTimer.current = window.setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS)
    })
  }, [ready, engine, correcting, saveNow])
  useEffect(() => () => window.clearTimeout(saveTimer.current), [])

  const dirty = saveState === 'dirty' || saveState === 'saving' || saveState === 'error'
  const blocker = useLeaveGuard(dirty, LEAVE_MESSAGE, leaving)

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
  // The first 'auto' is what the loader already shows; re-applying it would re-upload the whole volume texture.
  const appliedPreset = useRef<string>('auto')
  useEffect(() => {
    if (!ready || appliedPreset.current === state.windowPreset) return
    appliedPreset.current = state.windowPreset
    engine.applyWindowPreset(state.windowPreset, patient.modality)
  }, [ready, engine, state.windowPreset, patient.modality])
  useEffect(() => {
    if (ready) engine.setRightDrag(state.rightDrag)
  }, [ready, engine, state.rightDrag])

  const change = useCallback((patch: Partial<ToolState>) => setState((s) => ({ ...s, ...patch })), [])

  function doZoom(factor: number) {
    if (!engine) return
    engine.zoom(factor)
    setZoom(engine.getZoom())
  }

  function pickFillRange() {
    if (!engine) return
    const value = engine.crosshairIntensity()
    const window = engine.getWindow()
    if (value === null || !window) return
    const half = Math.max(1e-3, (window[1] - window[0]) * 0.1)
    change({ fillLow: Number((value - half).toFixed(2)), fillHigh: Number((value + half).toFixed(2)) })
  }

  function fill() {
    if (!engine) return
    const painted = engine.fillRegion(state.fillLow, state.fillHigh)
    setMessage(
      painted ? `Filled ${painted} voxels.` : 'Nothing filled: the crosshair voxel is outside the intensity range.',
    )
  }

  useAnnotationHotkeys((action: HotkeyAction) => {
    if (action === 'help') return setHelpOpen((open) => !open)
    if (!ready) return
    const planes = { 'plane-axial': 'axial', 'plane-coronal': 'coronal', 'plane-sagittal': 'sagittal' } as const
    const actions: Record<HotkeyAction, () => void> = {
      brush: () => change({ tool: 'brush' }),
      eraser: () => change({ tool: 'eraser' }),
      navigate: () => change({ tool: 'navigate' }),
      undo: () => engine.undo(),
      redo: () => engine.redo(),
      'next-slice': () => engine.scrollSlice(1),
      'previous-slice': () => engine.scrollSlice(-1),
      'reset-contrast': () => engine.resetContrast(),
      'toggle-uncertainty': () => hasUncertainty && setState((s) => ({ ...s, showUncertainty: !s.showUncertainty })),
      'bigger-brush': () => setState((s) => ({ ...s, penSize: Math.min(15, s.penSize + 1) })),
      'smaller-brush': () => setState((s) => ({ ...s, penSize: Math.max(1, s.penSize - 1) })),
      help: () => setHelpOpen((open) => !open),
      'zoom-in': () => doZoom(1.25),
      'zoom-out': () => doZoom(1 / 1.25),
      'zoom-reset': () => doZoom(1),
      fill,
      'plane-axial': () => change({ plane: planes['plane-axial'] }),
      'plane-coronal': () => change({ plane: planes['plane-coronal'] }),
      'plane-sagittal': () => change({ plane: planes['plane-sagittal'] }),
      'plane-multiplanar': () => change({ plane: 'multiplanar' }),
    }
    actions[action]()
  })

  /** The drawing as an uncompressed NIfTI, refused here when it does not match the image grid. */
  async function exportMask(viewer: ViewerEngine): Promise<Uint8Array> {
    const mask = await viewer.getLabelmap()
    const shape = readNiftiShape(mask)
    if (!sameShape(shape, patient.shape)) {
      throw new Error(`Exported mask has shape ${shape.join('×')} but the image is ${patient.shape.join('×')}.`)
    }
    return mask
  }

  async function handleSubmit() {
    if (!engine) return
    setSubmitError(null)
    window.clearTimeout(saveTimer.current)
    leaving.current = true
    try {
      const mask = await exportMask(engine)
      const result = await submit.mutateAsync({
        mask,
        timeSpentS: clock.seconds(),
        baseVersion: patient.annotation_version,
      })
      setSaveState('clean')
      onSubmitted?.(result)
    } catch (error) {
      leaving.current = false
      setSubmitError((error as Error).message)
    }
  }

  async function handleCorrect(reason: string) {
    if (!engine) return
    setCorrectError(null)
    window.clearTimeout(saveTimer.current)
    leaving.current = true
    try {
      const mask = await exportMask(engine)
      const result = await correct.mutateAsync({ mask, reason, baseVersion: patient.annotation_version })
      if (!correcting) {
        // Corrected from the queue: the draft is superseded and the case goes back (it is annotated now).
        await discardDraft(patient.id).catch(() => undefined)
        await releaseCase(patient.id).catch(() => undefined)
      }
      setSaveState('clean')
      onCorrected?.(result)
    } catch (error) {
      leaving.current = false
      setCorrectError((error as Error).message)
    }
  }

  async function handleSkip(reason: SkipReason, note: string) {
    window.clearTimeout(saveTimer.current)
    leaving.current = true
    try {
      await skipCase(patient.id, reason, note)
      await discardDraft(patient.id).catch(() => undefined)
      onSkipped?.(reason)
    } catch (error) {
      leaving.current = false
      setSubmitError((error as Error).message)
    }
  }

  if (reservation.kind === 'refused') {
    return (
      <div role="alert" className="error card" data-testid="reservation-refused">
        <p>This case cannot be opened: {reservation.message}</p>
        {canCorrect && (
          <p>
            <Link to={`/patients/${encodeURIComponent(patient.id)}/ground-truth`} data-testid="open-correction">
              Open it to correct its ground truth
            </Link>
          </p>
        )}
      </div>
    )
  }
  if (reservation.kind === 'pending') return <p role="status">Reserving the case…</p>

  return (
    <div className="workspace">
      <div className="viewer-column">
        <Viewport onEngine={setEngine} label={`Image of patient ${patient.external_id}`} />
        <p role="status" className="viewer-status" data-testid="viewer-status">
          {load.kind === 'loading' && 'Loading volume…'}
          {load.kind === 'ready' && load.source === 'draft' && 'Your saved draft was restored.'}
          {load.kind === 'ready' &&
            load.source === 'accepted' &&
            `Ground truth version ${patient.annotation_version} loaded as the starting mask.`}
          {load.kind === 'ready' && load.source === 'prediction' && 'Model prediction loaded as the starting mask.'}
          {load.kind === 'ready' && load.source === 'empty' && 'No prediction: empty mask.'}
        </p>
        <p className="muted" data-testid="case-meta">
          <span data-testid="save-state" data-state={saveState}>
            {saveState === 'clean' && 'No changes yet'}
            {saveState === 'dirty' &&
              (correcting ? 'Unsaved changes (a correction is not autosaved)' : 'Unsaved changes')}
            {saveState === 'saving' && 'Saving draft…'}
            {saveState === 'saved' && 'Draft saved'}
            {saveState === 'error' && 'Draft not saved'}
          </span>
          {' · '}
          <span data-testid="active-time" title="Active time on this case (idle over 60 s is not counted)">
            Active time {formatDuration(clock.display)}
            {clock.idle ? ' (paused: idle)' : ''}
          </span>
          {reservation.kind === 'held' && (
            <>
              {' · '}
              <span data-testid="reserved-until">
                Reserved for you until {new Date(reservation.until).toLocaleTimeString()}
              </span>
            </>
          )}
        </p>
        {message && (
          <p role="status" className="muted" data-testid="tool-message">
            {message}
          </p>
        )}
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
          modality={patient.modality}
          canRedo={canRedo}
          zoom={zoom}
          onChange={change}
          onUndo={() => engine?.undo()}
          onRedo={() => engine?.redo()}
          onSlice={(delta) => engine?.scrollSlice(delta)}
          onResetContrast={() => engine?.resetContrast()}
          onZoom={doZoom}
          onFill={fill}
          onPickFillRange={pickFillRange}
          onHelp={() => setHelpOpen(true)}
        />
        {!correcting && (
          <>
            <button
              type="button"
              className="primary"
              data-testid="submit-annotation"
              disabled={!ready || submit.isPending || correct.isPending}
              onClick={() => void handleSubmit()}
            >
              {submit.isPending ? 'Submitting…' : 'Submit annotation'}
            </button>
            {submitError && (
              <p role="alert" className="error" data-testid="submit-error">
                {submitError}
              </p>
            )}
          </>
        )}
        {canCorrect && (
          <CorrectionForm
            disabled={!ready || submit.isPending}
            pending={correct.isPending}
            baseVersion={patient.annotation_version}
            error={correctError}
            onCorrect={(reason) => void handleCorrect(reason)}
          />
        )}
        {!correcting && <SkipForm disabled={!ready} onSkip={(reason, note) => void handleSkip(reason, note)} />}
      </aside>
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
      {blocker.state === 'blocked' && (
        <div role="alertdialog" aria-labelledby="leave-title" className="card leave-dialog" data-testid="leave-dialog">
          <p id="leave-title">{LEAVE_MESSAGE}</p>
          <button type="button" onClick={() => blocker.proceed()}>
            Leave
          </button>
          <button type="button" className="primary" onClick={() => blocker.reset()} autoFocus>
            Stay
          </button>
        </div>
      )}
    </div>
  )
}
