import { useCallback, useRef, useState } from 'react'
import { ActiveTime } from '@/features/annotate/components/active-time'
import { AnnotationToolbar } from '@/features/annotate/components/annotation-toolbar'
import { HelpOverlay } from '@/features/annotate/components/help-overlay'
import { LeaveDialog } from '@/features/annotate/components/leave-dialog'
import { MeasurementsPanel } from '@/features/annotate/components/measurements-panel'
import { useActiveClock } from '@/features/annotate/hooks/use-active-clock'
import { useLeaveGuard } from '@/features/annotate/hooks/use-leave-guard'
import { useViewerControls } from '@/features/annotate/hooks/use-viewer-controls'
import type { PatientDetail, ReadSummary, ReviewDetail } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { ViewportOverlay } from '@/viewer/components/viewport-overlay'
import { exportDrawing } from '@/viewer/engine/case-display'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useAcceptReview, useReturnReview } from '../api/decide'
import { useEdited } from '../hooks/use-edited'
import { useReviewLoader } from '../hooks/use-review-loader'
import { decisionFlash, describeRead } from '../utils/review'
import { DecisionPanel, type PendingDecision } from './decision-panel'

const LEAVE_MESSAGE = 'You have edited this read without deciding. Leave anyway? Your edits are lost.'

/**
 * The reviewer's viewer on one pending case: the read (`read`, the latest) as an editable drawing with the reader's
 * tools, the model's prediction as an overlay to compare with (P), and the three decisions. Nothing is saved until a
 * decision: accepting as is names the read, accepting with edits uploads the drawing, returning sends the comment.
 * The reviewer's active time (idle excluded, as for readers) goes with the decision. `canDecide` is false on a case
 * the caller read themselves (the server refuses their decision). The route keys it by patient.
 */
export function ReviewWorkspace(props: {
  patient: PatientDetail
  review: ReviewDetail
  read: ReadSummary
  canDecide: boolean
  onDecided: (flash: string) => void
}) {
  const { patient, review, read, canDecide, onDecided } = props
  const [engine, setEngine] = useState<ViewerEngine | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState<PendingDecision>(null)
  const accept = useAcceptReview(patient.id)
  const giveBack = useReturnReview(patient.id)

  const clock = useActiveClock()
  const startClock = useCallback(() => clock.restart(0), [clock])
  const load = useReviewLoader({ engine, patient, read, withPrediction: review.has_prediction, onReady: startClock })
  const ready = engine !== null && load.kind === 'ready'
  const edited = useEdited(ready ? engine : null)
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
    onMessage: setMessage,
  })

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
        annotationId: read.annotation_id,
        reviewTimeS: clock.seconds(),
        comment,
      })
      return decisionFlash(patient.external_id, { action: 'accept', version: result.version, edited: result.edited })
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

  function returnToReader(comment: string) {
    void decide('return', async () => {
      const result = await giveBack.mutateAsync({ comment, reviewTimeS: clock.seconds() })
      return decisionFlash(patient.external_id, { action: 'return', to: result.returned_to })
    })
  }

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
            `${describeRead(read)}.${edited ? ' Edited by you: not saved until you accept.' : ''}`}
        </p>
        <p className="muted">
          <ActiveTime clock={clock} />
          {load.kind === 'ready' && !load.hasPrediction && ' · No model prediction to compare with.'}
        </p>
        <MeasurementsPanel engine={engine} ready={ready} labels={patient.labels} />
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
            disabled={!ready}
            edited={edited}
            pending={pending}
            error={error}
            onAccept={acceptAsIs}
            onAcceptEdited={acceptEdited}
            onReturn={returnToReader}
          />
        )}
        <AnnotationToolbar
          state={controls.state}
          labels={patient.labels}
          hasUncertainty={false}
          hasPrediction={load.kind === 'ready' && load.hasPrediction}
          modality={patient.modality}
          canRedo={controls.canRedo}
          zoom={controls.zoom}
          onChange={controls.change}
          onUndo={() => engine?.undo()}
          onRedo={() => engine?.redo()}
          onSlice={(delta) => engine?.scrollSlice(delta)}
          onResetContrast={() => engine?.resetContrast()}
          onZoom={controls.doZoom}
          onFill={controls.fill}
          onPickFillRange={controls.pickFillRange}
          onHelp={() => controls.setHelpOpen(true)}
          labelName={controls.labelName}
          labelToolReasons={controls.labelToolReasons}
          onLabelTool={controls.runLabelTool}
        />
      </aside>
      <HelpOverlay open={controls.helpOpen} onClose={() => controls.setHelpOpen(false)} />
      <LeaveDialog blocker={blocker} message={LEAVE_MESSAGE} />
    </div>
  )
}
