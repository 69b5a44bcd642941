import { useCallback, useState } from 'react'
import { Link } from 'react-router'
import { useUser } from '@/lib/auth'
import type { AnnotationCreated, PatientDetail, SkipReason } from '@/types/api'
import { Viewport } from '@/viewer/components/viewport'
import { ViewportOverlay } from '@/viewer/components/viewport-overlay'
import { exportDrawing } from '@/viewer/engine/case-display'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { useCorrectGroundTruth } from '../api/correct-ground-truth'
import { discardDraft } from '../api/draft'
import { releaseCase, skipCase } from '../api/reservation'
import { submissionBaseVersion, useSubmitAnnotation } from '../api/submit-annotation'
import { useActiveClock } from '../hooks/use-active-clock'
import { useCaseLoader } from '../hooks/use-case-loader'
import { useDraftAutosave, useSaveState, useTrackEdits } from '../hooks/use-draft-autosave'
import { useLeaveGuard } from '../hooks/use-leave-guard'
import { useReservation } from '../hooks/use-reservation'
import { toolbarBindings, useViewerControls } from '../hooks/use-viewer-controls'
import { isUnsaved } from '../utils/draft-autosave'
import { AnnotationToolbar } from './annotation-toolbar'
import { CaseStatus } from './case-status'
import { CorrectionForm } from './correction-form'
import { HelpOverlay } from './help-overlay'
import { LeaveDialog } from './leave-dialog'
import { MeasurementsPanel } from './measurements-panel'
import { SkipForm } from './skip-form'

const LEAVE_MESSAGE = 'You have unsaved changes on this case. Leave anyway?'

/**
 * `annotate`: a reader's case from the queue. `correct`: a lead or admin correcting any patient's ground truth
 * (validation and imported included), which readers may not write, so it neither reserves nor autosaves a draft.
 */
export type WorkspaceMode = 'annotate' | 'correct'

/**
 * Viewer + tools + submit for one patient. In `annotate` mode opening reserves the case; the drawing starts from
 * the mask the case payload names (the user's saved draft, else the accepted annotation, else the model's
 * prediction), autosaves while they work, and the submission clears the draft. In `correct` mode the drawing
 * starts from the accepted mask (else the prediction). A lead or admin gets
 * the separate, audited "Correct ground truth…" action in both modes. The session (reservation, active clock,
 * dirty tracking and autosave, loading) lives in hooks; the routes key this component by patient, so each case
 * gets a fresh session.
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
  const [engine, setEngine] = useState<ViewerEngine | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const [correctError, setCorrectError] = useState<string | null>(null)
  const submit = useSubmitAnnotation(patient.id)
  const correct = useCorrectGroundTruth(patient.id)

  const clock = useActiveClock()
  const draft = useDraftAutosave({ patientId: patient.id, autosave: !correcting, clock, onError: setMessage })
  const reservation = useReservation(patient.id, !correcting, draft.untouched)
  const onStart = useCallback(
    (seconds: number, restoredDraft: boolean) => {
      if (restoredDraft) draft.draftRestored()
      clock.restart(seconds)
    },
    [draft, clock],
  )
  const { load, hasUncertainty } = useCaseLoader({
    engine,
    enabled: reservation.kind === 'held' || reservation.kind === 'not-needed',
    correcting,
    patient,
    onStart,
  })
  const ready = engine !== null && load.kind === 'ready'
  useTrackEdits(draft, ready ? engine : null)
  const saveState = useSaveState(draft)
  const blocker = useLeaveGuard(isUnsaved(saveState), LEAVE_MESSAGE, draft.isLeaving)
  const controls = useViewerControls({
    engine,
    ready,
    labels: patient.labels,
    modality: patient.modality,
    hasUncertainty,
    onMessage: setMessage,
  })

  /** Submit, correct and skip leave the case: autosave stops, and a failure puts the user back to work. */
  async function leaveWith(action: () => Promise<void>, onError: (message: string) => void) {
    draft.leave()
    try {
      await action()
    } catch (error) {
      draft.stay()
      onError((error as Error).message)
    }
  }

  function handleSubmit() {
    if (!engine) return
    setSubmitError(null)
    void leaveWith(async () => {
      const mask = await exportDrawing(engine, patient.shape)
      const result = await submit.mutateAsync({
        mask,
        timeSpentS: clock.seconds(),
        baseVersion: submissionBaseVersion(patient),
      })
      draft.finished()
      onSubmitted?.(result)
    }, setSubmitError)
  }

  function handleCorrect(reason: string) {
    if (!engine) return
    setCorrectError(null)
    void leaveWith(async () => {
      const mask = await exportDrawing(engine, patient.shape)
      const result = await correct.mutateAsync({ mask, reason, baseVersion: patient.annotation_version })
      if (!correcting) {
        // Corrected from the queue: the draft is superseded and the case goes back (it is annotated now).
        await discardDraft(patient.id).catch(() => undefined)
        await releaseCase(patient.id).catch(() => undefined)
      }
      draft.finished()
      onCorrected?.(result)
    }, setCorrectError)
  }

  function handleSkip(reason: SkipReason, note: string) {
    void leaveWith(async () => {
      await skipCase(patient.id, reason, note)
      await discardDraft(patient.id).catch(() => undefined)
      onSkipped?.(reason)
    }, setSubmitError)
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
        <Viewport onEngine={setEngine} label={`Image of patient ${patient.external_id}`}>
          <ViewportOverlay
            engine={ready ? engine : null}
            header={studyHeader(patient)}
            convention={controls.state.convention}
          />
        </Viewport>
        <CaseStatus load={load} saveState={saveState} correcting={correcting} clock={clock} reservation={reservation} />
        <MeasurementsPanel engine={engine} ready={ready} labels={patient.labels} />
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
          {...toolbarBindings(controls, engine)}
          labels={patient.labels}
          hasUncertainty={hasUncertainty}
          modality={patient.modality}
        />
        {!correcting && (
          <>
            <button
              type="button"
              className="primary"
              data-testid="submit-annotation"
              disabled={!ready || submit.isPending || correct.isPending}
              onClick={handleSubmit}
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
            onCorrect={handleCorrect}
          />
        )}
        {!correcting && <SkipForm disabled={!ready} onSkip={handleSkip} />}
      </aside>
      <HelpOverlay open={controls.helpOpen} onClose={() => controls.setHelpOpen(false)} />
      <LeaveDialog blocker={blocker} message={LEAVE_MESSAGE} />
    </div>
  )
}

/** The de-identified header over the image: what the patient's detail says about the study, never who it is. */
function studyHeader(patient: PatientDetail) {
  return {
    modality: patient.modality,
    studyDate: patient.study_date ?? null,
    studyDescription: patient.study_description ?? '',
    seriesDescription: patient.series_description ?? '',
  }
}
