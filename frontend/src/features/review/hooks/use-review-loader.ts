import { useEffect, useRef, useState } from 'react'
import {
  fetchAnnotationMask,
  fetchPrediction,
  fetchVolume,
  fetchVolumePreview,
} from '@/features/annotate/api/get-patient-files'
import type { PatientDetail } from '@/types/api'
import { type CaseFiles, observed, showCase } from '@/viewer/engine/case-display'
import type { CompareKind, OverlayKind, ViewerEngine } from '@/viewer/engine/viewer-engine'
import { loadsProgressively, startVolumeDownloads } from '@/viewer/engine/volume-loader'

/** `preview`: a large volume's preview is on screen (for looking only) while the full resolution loads. */
export type ReviewLoad =
  | { kind: 'loading' }
  | { kind: 'preview' }
  | { kind: 'ready'; hasPrediction: boolean; outlines: CompareKind[] }
  | { kind: 'error'; message: string }

/** A mask the drawing starts from (`start`) or one shown as an outline to compare with (`compare`). */
export interface ReviewMask {
  annotationId: string
  /** Names the mask in the error when it does not fit the image. */
  name: string
}

/** `compare` as `kind=annotationId,...`: a stable dependency for the effects (the array is rebuilt each render). */
function compareKey(compare: readonly (ReviewMask & { kind: CompareKind })[]): string {
  return compare.map((mask) => `${mask.kind}=${mask.annotationId}`).join(',')
}

function startReviewFiles(
  options: { id: string; readId: string; withPrediction: boolean; compared: string; progressive: boolean },
  signal: AbortSignal,
): CaseFiles {
  const { id, readId, withPrediction, compared, progressive } = options
  const volume = startVolumeDownloads({
    progressive,
    fetchPreview: () => fetchVolumePreview(id, signal),
    fetchFull: () => fetchVolume(id, signal),
    signal,
  })
  const mask = observed(fetchAnnotationMask(readId, signal))
  const overlays: CaseFiles['overlays'] = withPrediction ? { prediction: observed(fetchPrediction(id, signal)) } : {}
  for (const pair of compared === '' ? [] : compared.split(',')) {
    const [kind, annotationId] = pair.split('=') as [CompareKind, string]
    overlays[kind] = observed(fetchAnnotationMask(annotationId, signal))
  }
  return { ...volume, mask, overlays }
}

/**
 * Loads a case for its reviewer: the image, the mask the review starts from (`start`: a read, or a double-read
 * case's consensus) as the editable drawing, and as hidden outlines to compare with the model's latest prediction
 * (when the patient has one) and the `compare` masks (each read and the consensus). The downloads start at once,
 * while the engine starts; the start is the one the page opened with, so a later refetch never reloads the drawing
 * under the reviewer's brush (switching the start is the workspace's, over the loaded volume). `onReady` runs once the drawing is on screen (the active clock starts there). A result
 * is shown only for the inputs it was loaded from.
 */
export function useReviewLoader(options: {
  engine: ViewerEngine | null
  patient: PatientDetail
  start: ReviewMask
  compare: readonly (ReviewMask & { kind: CompareKind })[]
  withPrediction: boolean
  onReady: () => void
}): ReviewLoad {
  const { engine, patient, start, withPrediction, onReady } = options
  const { id, labels } = patient
  const readId = start.annotationId
  const maskName = start.name
  const compared = compareKey(options.compare)
  const progressive = loadsProgressively(patient.shape)
  const inputs: readonly unknown[] = [engine, id, readId, withPrediction, compared, labels]
  const [result, setResult] = useState<{ inputs: readonly unknown[]; load: ReviewLoad }>()
  // Set by the first effect and read by the second in the same commit (effects run in order); never rendered.
  const files = useRef<CaseFiles | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    const started = startReviewFiles({ id, readId, withPrediction, compared, progressive }, controller.signal)
    files.current = started
    return () => {
      controller.abort()
      if (files.current === started) files.current = null
    }
  }, [id, readId, withPrediction, compared, progressive])

  useEffect(() => {
    const downloads = files.current
    if (!engine || !downloads) return
    const controller = new AbortController()
    const { signal } = controller
    const loadedFrom = [engine, id, readId, withPrediction, compared, labels] as const
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
        const outlines = overlays.filter(
          (kind: OverlayKind): kind is CompareKind => kind !== 'prediction' && kind !== 'uncertainty',
        )
        setResult({
          inputs: loadedFrom,
          load: { kind: 'ready', hasPrediction: overlays.includes('prediction'), outlines },
        })
        engine.markRendered()
      } catch (error) {
        if (signal.aborted) return
        setResult({ inputs: loadedFrom, load: { kind: 'error', message: (error as Error).message } })
      }
    })()
    return () => controller.abort()
  }, [engine, id, readId, withPrediction, compared, labels, maskName, progressive, onReady])

  const current = result !== undefined && result.inputs.every((value, index) => Object.is(value, inputs[index]))
  return current ? result.load : { kind: 'loading' }
}
