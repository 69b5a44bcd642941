import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fetchAnnotationMask } from '@/features/annotate/api/get-patient-files'
import { ActiveTime } from '@/features/annotate/components/active-time'
import { AnnotationToolbar } from '@/features/annotate/components/annotation-toolbar'
import { HelpOverlay } from '@/features/annotate/components/help-overlay'
import { LeaveDialog } from '@/features/annotate/components/leave-dialog'
import { MeasurementsPanel } from '@/features/annotate/components/measurements-panel'
import { useActiveClock } from '@/features/annotate/hooks/use-active-clock'
import { useLeaveGuard } from '@/features/annotate/hooks/use-leave-guard'
import { toolbarBindings, useViewerControls } from '@/features/annotate/hooks/use-viewer-controls'
import type { PatientDetail, ReviewDetail } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { ViewportOverlay } from '@/viewer/components/viewport-overlay'
import { exportDrawing } from '@/viewer/engine/case-display'
import type { CompareKind, ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useAcceptReview, useReturnReview } from '../api/decide'
import { useEdited } from '../hooks/use-edited'
import { useReviewLoader } from '../hooks/use-review-loader'
import { type CompareMask, compareMasks, returnReaders } from '../utils/compare'
import { decisionFlash, describeRead } from '../utils/review'
import { AgreementTable } from './agreement-table'
import { ComparePanel } from './compare-panel'
import { DecisionPanel, type PendingDecision } from './decision-panel'

const LEAVE_MESSAGE = 'You have edited this read without deciding. Leave anyway? Your edits are lost.'
const NOT_LOADED: readonly CompareKind[] = []
const NO_OUTLINES: Record<CompareKind, boolean> = { 'read-1': false, 'read-2': false, consensus: false }

/** "Accept as is" in words, for the button that drops an edit. */
function startWords(mask: CompareMask): string {
  if (mask.kind === 'consensus') return 'the consensus'
  return mask.kind === 'read-1' ? 'read 1' : 'read 2'
}

/**
 * The reviewer's viewer on one pending case: the mask it starts from (`start`: the consensus of a double-read case,
 * else the latest read) as an editable drawing with the reader's tools, the model's prediction as an overlay to
 * compare with (P), and the three decisions. On a double-read case the reviewer may start from another mask (read 1,
 * read 2, the consensus), outline the others over the drawing (J, K, L) and read the agreement table. Nothing is
 * saved until a decision: accepting as is names the start, accepting with edits uploads the drawing, returning sends
 * the comment to the chosen reader. The reviewer's active time (idle excluded, as for readers) goes with the
 * decision. `canDecide` is false on a case the caller read themselves (the server refuses their decision). The route
 * keys it by patient; `onShown` tells it which mask the drawing started from.
 */
export function ReviewWorkspace(props: {
  patient: PatientDetail
  review: ReviewDetail
  start: CompareMask
  canDecide: boolean
  onDecided: (flash: string) => void
  onShown: (annotationId: string) => void
}) {
  const { patient, review, canDecide, onDecided, onShown } = props
  // The loader's start: the page's first, so switching (below) loads a mask over the volume instead of the case anew.
  const [loadedStart] = useState(props.start)
  const [start, setStart] = useState(props.start)
  const masks = useMemo(() => compareMasks(review), [review])
  const compare = masks.length > 1 ? masks : []
  const [outlines, setOutlines] = useState(NO_OUTLINES)
  const [switching, setSwitching] = useState(false)
  const [engine, setEngine] = useState<ViewerEngine | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState<PendingDecision>(null)
  const accept = useAcceptReview(patient.id)
  const giveBack = useReturnReview(patient.id)

  const clock = useActiveClock()
  const startClock = useCallback(() => clock.restart(0), [clock])
  const load = useReviewLoader({
    engine,
    patient,
    start: loadedStart,
    compare,
    withPrediction: review.has_prediction,
    onReady: startClock,
  })
  const ready = engine !== null && load.kind === 'ready'
  const outlined = load.kind === 'ready' ? load.outlines : NOT_LOADED
  const edited = useEdited(ready ? engine : null, start.annotationId)
  useEffect(() => {
    if (!ready) return
    for (const kind of outlined) engine.setOverlayVisible(outlines[kind], 1, kind)
  }, [ready, engine, outlined, outlines])
  const toggleOutline = useCallback(
    (kind: CompareKind) => setOutlines((shown) => ({ ...shown, [kind]: !shown[kind] })),
    [],
  )
  // A decision leaves the page: the guard lets it through.
  const deciding = useRef(false)
  const allowLeave = useCallback(() => deciding.current, [])
  const blocker = useLeaveGuard(edited, LEAVE_MESSAGE, allowLeave)
  const controls = useViewerControls({
    engine,
    ready,
    labels: patient.labels,
    modality: patient.modality,
    hasUncertainty: false,
    hasPrediction: load.kind === 'ready' && load.hasPrediction,
    onToggleOutline: (kind) => outlined.includes(kind) && toggleOutline(kind),
    onMessage: setMessage,
  })

  async function switchStart(mask: CompareMask) {
    if (!engine || mask.kind === start.kind) return
    if (edited && !window.confirm(`Start from ${mask.name}? Your edits are lost.`)) return
    setSwitching(true)
    setError(null)
    try {
      const bytes = await fetchAnnotationMask(mask.annotationId)
      if (!(await engine.setLabelmap(bytes, 'read.nii.gz'))) throw new Error(`${mask.name} does not fit the image`)
      setStart(mask)
      onShown(mask.annotationId)
    } catch (failure) {
      setError(`Could not load ${mask.name}: ${(failure as Error).message}`)
    } finally {
      setSwitching(false)
    }
  }

  async function decide(kind: Exclude<PendingDecision, null>, action: () => Promise<string>) {
    deciding.current = true
    setPending(kind)
    setError(null)
    try {
      onDecided(await action())
    } catch (failure) {
      deciding.current = false
      setPending(null)
      setError((failure as Error).message)
    }
  }

  function acceptAsIs(comment: string) {
    void decide('accept', async () => {
      const result = await accept.mutateAsync({
        annotationId: start.annotationId,
        reviewTimeS: clock.seconds(),
        comment,
      })
      return decisionFlash(patient.external_id, {
        action: 'accept',
        version: result.version,
        edited: result.edited,
        consensus: start.kind === 'consensus',
      })
    })
  }

  function acceptEdited(comment: string) {
    if (!engine) return
    void decide('accept-edited', async () => {
      const mask = await exportDrawing(engine, patient.shape)
      const result = await accept.mutateAsync({ mask, reviewTimeS: clock.seconds(), comment })
      return decisionFlash(patient.external_id, { action: 'accept', version: result.version, edited: result.edited })
    })
  }

  function returnToReader(comment: string, readerId: string | null) {
    void decide('return', async () => {
      const result = await giveBack.mutateAsync({ comment, readerId, reviewTimeS: clock.seconds() })
      return decisionFlash(patient.external_id, { action: 'return', to: result.returned_to })
    })
  }

  const startRead = review.reads.find((read) => read.annotation_id === start.annotationId)
  const startDescription = startRead ? describeRead(startRead) : start.name
  return (
    <div className="workspace">
      <div className="viewer-column">
        <Viewport onEngine={setEngine} label={`Image of patient ${patient.external_id} with the read under review`}>
          <ViewportOverlay
            engine={ready ? engine : null}
            header={{
              modality: patient.modality,
              studyDate: patient.study_date ?? null,
              studyDescription: patient.study_description ?? '',
              seriesDescription: patient.series_description ?? '',
            }}
            convention={controls.state.convention}
          />
        </Viewport>
        <p
          role="status"
          className="viewer-status"
          data-testid="review-status"
          data-state={load.kind}
          data-edited={edited ? 'true' : 'false'}
        >
          {load.kind === 'loading' && 'Loading volume…'}
          {load.kind === 'preview' &&
            'Loading full resolution… (a lower-resolution preview is shown; the tools unlock when it is ready)'}
          {load.kind === 'ready' &&
            `${startDescription}.${edited ? ' Edited by you: not saved until you accept.' : ''}`}
        </p>
        <p className="muted">
          <ActiveTime clock={clock} />
          {load.kind === 'ready' && !load.hasPrediction && ' · No model prediction to compare with.'}
        </p>
        <MeasurementsPanel engine={engine} ready={ready} labels={patient.labels} />
        {review.double_read && <AgreementTable rows={review.agreement} labels={patient.labels} />}
        {message && (
          <p role="status" className="muted" data-testid="tool-message">
            {message}
          </p>
        )}
        {load.kind === 'error' && (
          <p role="alert" className="error">
            Could not load the case: {load.message}
          </p>
        )}
      </div>
      <aside className="tools-column">
        {canDecide && (
          <DecisionPanel
            disabled={!ready || switching}
            edited={edited}
            startWords={startWords(start)}
            readers={returnReaders(review.reads)}
            pending={pending}
            error={error}
            onAccept={acceptAsIs}
            onAcceptEdited={acceptEdited}
            onReturn={returnToReader}
          />
        )}
        {compare.length > 0 && (
          <ComparePanel
            masks={compare}
            start={start.kind}
            outlines={outlines}
            available={outlined}
            disabled={!ready || switching || pending !== null}
            onStart={(mask) => void switchStart(mask)}
            onToggle={toggleOutline}
          />
        )}
        <AnnotationToolbar
          {...toolbarBindings(controls, engine)}
          labels={patient.labels}
          hasUncertainty={false}
          hasPrediction={load.kind === 'ready' && load.hasPrediction}
          modality={patient.modality}
        />
      </aside>
      <HelpOverlay open={controls.helpOpen} onClose={() => controls.setHelpOpen(false)} />
      <LeaveDialog blocker={blocker} message={LEAVE_MESSAGE} />
    </div>
  )
}
