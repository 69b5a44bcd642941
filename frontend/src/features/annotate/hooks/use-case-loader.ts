import { useEffect, useState } from 'react'
import type { PatientDetail } from '@/types/api'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { loadDraft } from '../api/draft'
import { fetchAcceptedMask, fetchPrediction, fetchUncertainty, fetchVolume } from '../api/get-patient-files'

export type StartingMask = 'draft' | 'accepted' | 'prediction' | 'empty'
export type LoadState =
  { kind: 'loading' } | { kind: 'ready'; source: StartingMask } | { kind: 'error'; message: string }

export interface CaseLoad {
  load: LoadState
  hasUncertainty: boolean
}

/**
 * Loads the case into the engine once the engine exists and the case may be opened: the image, the uncertainty
 * overlay, and the starting drawing. A correction starts from the ground truth it corrects; a reader from their
 * draft, else the prediction. `onStart` gets the active seconds to continue from (a draft's, else 0) and whether a
 * draft was restored. A result is shown only for the inputs it was loaded from, so new inputs show "loading" again.
 */
export function useCaseLoader(options: {
  engine: ViewerEngine | null
  enabled: boolean
  correcting: boolean
  patient: PatientDetail
  onStart: (seconds: number, restoredDraft: boolean) => void
}): CaseLoad {
  const { engine, enabled, correcting, patient, onStart } = options
  const { id, annotation_version: annotationVersion, has_uncertainty: withUncertainty, labels } = patient
  const inputs: readonly unknown[] = [engine, enabled, correcting, id, annotationVersion, withUncertainty, labels]
  const [result, setResult] = useState<{ inputs: readonly unknown[]; load: LoadState; hasUncertainty: boolean }>()

  useEffect(() => {
    if (!engine || !enabled) return
    const controller = new AbortController()
    const { signal } = controller
    const loadedFrom = [engine, enabled, correcting, id, annotationVersion, withUncertainty, labels] as const
    void (async () => {
      try {
        const fromAccepted = correcting && annotationVersion !== null
        const [volume, draft, accepted, prediction, uncertainty] = await Promise.all([
          fetchVolume(id, signal),
          correcting ? Promise.resolve(null) : loadDraft(id, signal),
          fromAccepted ? fetchAcceptedMask(id, annotationVersion, signal) : Promise.resolve(null),
          fromAccepted ? Promise.resolve(null) : fetchPrediction(id, signal),
          withUncertainty ? fetchUncertainty(id, signal) : Promise.resolve(null),
        ])
        if (signal.aborted) return
        engine.setLabelColors(labels)
        await engine.loadVolume(volume)
        if (uncertainty) await engine.setOverlay(uncertainty)
        let source: StartingMask = 'empty'
        if (draft && (await engine.setLabelmap(draft.mask, 'draft.nii.gz'))) {
          source = 'draft'
          onStart(draft.info.time_spent_s ?? 0, true)
        } else if (accepted && (await engine.setLabelmap(accepted, 'mask.nii.gz'))) {
          source = 'accepted'
          onStart(0, false)
        } else if (prediction && (await engine.setLabelmap(prediction))) {
          source = 'prediction'
          onStart(0, false)
        } else {
          await engine.setLabelmap(null)
          onStart(0, false)
        }
        setResult({ inputs: loadedFrom, load: { kind: 'ready', source }, hasUncertainty: uncertainty !== null })
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
  }, [engine, enabled, correcting, id, annotationVersion, withUncertainty, labels, onStart])

  const current = result !== undefined && result.inputs.every((value, index) => Object.is(value, inputs[index]))
  if (!current) return { load: { kind: 'loading' }, hasUncertainty: false }
  return { load: result.load, hasUncertainty: result.hasUncertainty }
}
