import { useEffect, useRef, useState } from 'react'
import type { CaseMasks, PatientDetail, StartingMask } from '@/types/api'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { type CaseFiles, observed, showCase } from '@/viewer/engine/case-display'
import { loadsProgressively, startVolumeDownloads } from '@/viewer/engine/volume-loader'
import {
  fetchAnnotationMask,
  fetchDraftMask,
  fetchPrediction,
  fetchUncertainty,
  fetchVolume,
  fetchVolumePreview,
} from '../api/get-patient-files'
import { startingMask } from '../utils/starting-mask'

/** `preview`: a large volume's preview is on screen (for looking only) while the full resolution loads. */
export type LoadState =
  | { kind: 'loading' }
  | { kind: 'preview' }
  | { kind: 'ready'; source: StartingMask; masks: CaseMasks }
  | { kind: 'error'; message: string }

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
    case 'read':
      return masks.read ? fetchAnnotationMask(masks.read.annotation_id, signal) : Promise.resolve(null)
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
  read: 'your read',
  accepted: 'the accepted annotation',
  prediction: 'the model prediction',
  empty: 'the empty mask',
}

function startCaseFiles(
  options: { id: string; source: StartingMask; masks: CaseMasks; withUncertainty: boolean; progressive: boolean },
  signal: AbortSignal,
): CaseFiles {
  const { id, source, masks, withUncertainty, progressive } = options
  const volume = startVolumeDownloads({
    progressive,
    fetchPreview: () => fetchVolumePreview(id, signal),
    fetchFull: () => fetchVolume(id, signal),
    signal,
  })
  const mask = observed(fetchStartingMask(id, source, masks, signal))
  const overlays = withUncertainty ? { uncertainty: observed(fetchUncertainty(id, signal)) } : {}
  return { ...volume, mask, overlays }
}

/**
 * Loads the case into the engine once the engine exists and the case may be opened: the image, the uncertainty
 * overlay, and the starting drawing the case payload names (`patient.masks`: the reader's draft, else their read
 * waiting for review, else the accepted annotation, else the prediction, else empty; a correction skips the draft
 * and the read). Only what exists is downloaded.
 * The masks are read once, as the workspace opened (the routes key it by patient and fetch the payload fresh): a
 * later refetch of the payload, after an autosave say, must not reload the drawing under the user's brush.
 * The downloads start as soon as the case may be opened, while the engine starts (NiiVue compiles its shaders). A
 * large volume (`loadsProgressively`) shows its downsampled preview first (state `preview`: tools stay off, as the
 * drawing only ever exists on the full grid), replaced in place by the full volume (volume-loader.ts).
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
  const progressive = loadsProgressively(patient.shape)
  const [masks] = useState(patient.masks)
  const inputs: readonly unknown[] = [engine, enabled, correcting, id, masks, withUncertainty, labels]
  const [result, setResult] = useState<{ inputs: readonly unknown[]; load: LoadState; hasUncertainty: boolean }>()
  // Set by the first effect and read by the second in the same commit (effects run in order); never rendered.
  const files = useRef<CaseFiles | null>(null)

  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    const source = startingMask(masks, correcting)
    const started = startCaseFiles({ id, source, masks, withUncertainty, progressive }, controller.signal)
    files.current = started
    return () => {
      controller.abort()
      if (files.current === started) files.current = null
    }
  }, [enabled, correcting, id, masks, withUncertainty, progressive])

  useEffect(() => {
    const downloads = files.current
    if (!engine || !enabled || !downloads) return
    const controller = new AbortController()
    const { signal } = controller
    const loadedFrom = [engine, enabled, correcting, id, masks, withUncertainty, labels] as const
    const source = startingMask(masks, correcting)
    void (async () => {
      try {
        const overlays = await showCase(engine, downloads, {
          labels,
          maskFile: `${source}.nii.gz`,
          maskName: MASK_NAMES[source],
          signal,
          onPreview: () => setResult({ inputs: loadedFrom, load: { kind: 'preview' }, hasUncertainty: false }),
        })
        if (overlays === null) return
        const uncertainty = overlays.includes('uncertainty')
        const restoredDraft = source === 'draft'
        onStart(restoredDraft ? (masks.draft?.time_spent_s ?? 0) : 0, restoredDraft)
        setResult({ inputs: loadedFrom, load: { kind: 'ready', source, masks }, hasUncertainty: uncertainty })
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
  }, [engine, enabled, correcting, id, masks, withUncertainty, labels, progressive, onStart])

  const current = result !== undefined && result.inputs.every((value, index) => Object.is(value, inputs[index]))
  if (!current) return { load: { kind: 'loading' }, hasUncertainty: false }
  return { load: result.load, hasUncertainty: result.hasUncertainty }
}
