import { fetchAnnotationMask, fetchPrediction } from '@/features/annotate/api/get-patient-files'
import type { MaskOption } from '../utils/mask-versions'

/** The bytes of the drawing an option names (null: the image alone). Straight into the engine, never React state. */
export function fetchMask(patientId: string, option: MaskOption, signal: AbortSignal): Promise<ArrayBuffer | null> {
  switch (option.kind) {
    case 'annotation':
      return fetchAnnotationMask(option.annotationId, signal)
    case 'prediction':
      return fetchPrediction(patientId, signal)
    case 'none':
      return Promise.resolve(null)
  }
}
