import { useEffect, useState } from 'react'
import type { CaseMasks, PatientDetail, StartingMask } from '@/types/api'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import {
  fetchAnnotationMask,
  fetchDraftMask,
  fetchPrediction,
  fetchUncertainty,
  fetchVolume,
} from '../api/get-patient-files'
import { startingMask } from '../utils/starting-mask'

export type LoadState =
  { kind: 'loading' } | { kind: 'ready'; source: StartingMask; masks: CaseMasks } | { kind: 'error'; message: string }

export interface CaseLoad {
  load: LoadState
  hasUncertainty: boolean
}

/** The bytes of the one starting mask the case payload names (null: an empty drawing). */
function fetchStartingMask(
  patientId: string,
  start: StartingMask,
  masks: CaseMasks,
  signal: AbortSignal,
): Promise<ArrayBuffer | null> {
  switch (start) {
    case 'draft':
      return fetchDraftMask(patientId, signal)
    case 'accepted':
      return masks.accepted ? fetchAnnotationMask(masks.accepted.annotation_id, signal) : Promise.resolve(null)
    case 'prediction':
      return fetchPrediction(patientId, signal)
    case 'empty':
      return Promise.resolve(null)
  }
}

const MASK_NAMES: Record<StartingMask, string> = {
  draft: 'your draft',
  accepted: 'the accepted annotation',
  prediction: 'the model prediction',
  empty: 'the empty mask',
}

/**
 * Loads the case into the engine once the engine exists and the case may be opened: the image, the uncertainty
 * overlay, and the starting drawing the case payload names (`patient.masks`: the reader's draft, else the accepted
 * annotation, else the prediction, else empty; a correction skips the draft). Only what exists is downloaded.
 * The masks are read once, as the workspace opened (the routes key it by patient and fetch the payload fresh): a
 * later refetch of the payload, after an autosave say, must not reload the drawing under the user's brush.
 * `onStart` gets the active seconds to continue from (a draft's, else 0) and whether a draft was restored. A result
 * is shown only for the inputs it was loaded from, so new inputs show "loading" again.
 */
export function useCaseLoader(options: {
  engine: ViewerEngine | null
  enabled: boolean
  correcting: boolean
  patient: PatientDetail
  onStart: (seconds: number, restoredDraft: boolean) => void
}): CaseLoad {
  const { engine, enabled, correcting, patient, onStart } = options
  const { id, has_uncertainty: withUncertainty, labels } = patient
  const [masks] = useState(patient.masks)
  const inputs: readonly unknown[] = [engine, enabled, correcting, id, masks, withUncertainty, labels]
  const [result, setResult] = useState<{ inputs: readonly unknown[]; load: LoadState; hasUncertainty: boolean }>()

  useEffect(() => {
    if (!engine || !enabled) return
    const controller = new AbortController()
    const { signal } = controller
    const loadedFrom = [engine, enabled, correcting, id, masks, withUncertainty, labels] as const
    const source = startingMask(masks, correcting)
    void (async () => {
      try {
        const [volume, mask, uncertainty] = await Promise.all([
          fetchVolume(id, signal),
          fetchStartingMask(id, source, masks, signal),
          withUncertainty ? fetchUncertainty(id, signal) : Promise.resolve(null),
        ])
        if (signal.aborted) return
        engine.setLabelColors(labels)
        await engine.loadVolume(volume)
        if (uncertainty) await engine.setOverlay(uncertainty)
        // Every stored mask was checked against the image grid when it was written, so one that does not fit is a
        // fault to report, never a reason to show an empty drawing as if there were nothing.
        if (!(await engine.setLabelmap(mask, `${source}.nii.gz`))) {
          throw new Error(`${MASK_NAMES[source]} does not fit the image grid`)
        }
        const restoredDraft = source === 'draft'
        onStart(restoredDraft ? (masks.draft?.time_spent_s ?? 0) : 0, restoredDraft)
        setResult({ inputs: loadedFrom, load: { kind: 'ready', source, masks }, hasUncertainty: uncertainty !== null })
        engine.markRendered()
      } catch (error) {
        if (signal.aborted) return
        setResult({
          inputs: loadedFrom,
          load: { kind: 'error', message: (error as Error).message },
          hasUncertainty: false,
        })
      }
    })()
    return () => controller.abort()
  }, [engine, enabled, correcting, id, masks, withUncertainty, labels, onStart])

  const current = result !== undefined && result.inputs.every((value, index) => Object.is(value, inputs[index]))
  if (!current) return { load: { kind: 'loading' }, hasUncertainty: false }
  return { load: result.load, hasUncertainty: result.hasUncertainty }
}
