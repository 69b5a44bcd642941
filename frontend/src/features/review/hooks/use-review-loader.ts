import { useEffect, useRef, useState } from 'react'
import {
  fetchAnnotationMask,
  fetchPrediction,
  fetchVolume,
  fetchVolumePreview,
} from '@/features/annotate/api/get-patient-files'
import type { PatientDetail, ReadSummary } from '@/types/api'
import { type CaseFiles, observed, showCase } from '@/viewer/engine/case-display'
import type { ViewerEngine } from '@/viewer/engine/viewer-engine'
import { loadsProgressively, startVolumeDownloads } from '@/viewer/engine/volume-loader'

/** `preview`: a large volume's preview is on screen (for looking only) while the full resolution loads. */
export type ReviewLoad =
  | { kind: 'loading' }
  | { kind: 'preview' }
  | { kind: 'ready'; hasPrediction: boolean }
  | { kind: 'error'; message: string }

function startReviewFiles(
  options: { id: string; readId: string; withPrediction: boolean; progressive: boolean },
  signal: AbortSignal,
): CaseFiles {
  const { id, readId, withPrediction, progressive } = options
  const volume = startVolumeDownloads({
    progressive,
    fetchPreview: () => fetchVolumePreview(id, signal),
    fetchFull: () => fetchVolume(id, signal),
    signal,
  })
  const mask = observed(fetchAnnotationMask(readId, signal))
  const overlays = withPrediction ? { prediction: observed(fetchPrediction(id, signal)) } : {}
  return { ...volume, mask, overlays }
}

/**
 * Loads a case for its reviewer: the image, the read under review as the editable drawing, and (when the patient
 * has one) the model's latest prediction as a hidden overlay to compare the read with. The downloads start at once,
 * while the engine starts; the read is the one the page opened with, so a later refetch never reloads the drawing
 * under the reviewer's brush. `onReady` runs once the drawing is on screen (the active clock starts there). A result
 * is shown only for the inputs it was loaded from.
 */
export function useReviewLoader(options: {
  engine: ViewerEngine | null
  patient: PatientDetail
  read: ReadSummary
  withPrediction: boolean
  onReady: () => void
}): ReviewLoad {
  const { engine, patient, read, withPrediction, onReady } = options
  const { id, labels } = patient
  const readId = read.annotation_id
  const maskName = `read ${read.read_number} v${read.version}`
  const progressive = loadsProgressively(patient.shape)
  const inputs: readonly unknown[] = [engine, id, readId, withPrediction, labels]
  const [result, setResult] = useState<{ inputs: readonly unknown[]; load: ReviewLoad }>()
  // Set by the first effect and read by the second in the same commit (effects run in order); never rendered.
  const files = useRef<CaseFiles | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    const started = startReviewFiles({ id, readId, withPrediction, progressive }, controller.signal)
    files.current = started
    return () => {
      controller.abort()
      if (files.current === started) files.current = null
    }
  }, [id, readId, withPrediction, progressive])

  useEffect(() => {
    const downloads = files.current
    if (!engine || !downloads) return
    const controller = new AbortController()
    const { signal } = controller
    const loadedFrom = [engine, id, readId, withPrediction, labels] as const
    void (async () => {
      try {
        const overlays = await showCase(engine, downloads, {
          labels,
          maskFile: 'read.nii.gz',
          maskName,
          signal,
          onPreview: () => setResult({ inputs: loadedFrom, load: { kind: 'preview' } }),
        })
        if (overlays === null) return
        onReady()
        setResult({ inputs: loadedFrom, load: { kind: 'ready', hasPrediction: overlays.includes('prediction') } })
        engine.markRendered()
      } catch (error) {
        if (signal.aborted) return
        setResult({ inputs: loadedFrom, load: { kind: 'error', message: (error as Error).message } })
      }
    })()
    return () => controller.abort()
  }, [engine, id, readId, withPrediction, labels, maskName, progressive, onReady])

  const current = result !== undefined && result.inputs.every((value, index) => Object.is(value, inputs[index]))
  return current ? result.load : { kind: 'loading' }
}
