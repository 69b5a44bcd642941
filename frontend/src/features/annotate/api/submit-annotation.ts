import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, toFormData, unwrap } from '@/lib/api-client'
import type { PatientDetail } from '@/types/api'
import type { components } from '@/types/openapi.gen'

type SubmitBody = components['schemas']['Body_submit_annotation_api_patients__patient_id__annotations_post']

export interface SubmitAnnotationInput {
  /** An uncompressed NIfTI on the image's voxel grid. */
  mask: Uint8Array
  timeSpentS: number
  /**
   * The version the drawing continues (`submissionBaseVersion`; null: none). The server answers 409 when another
   * version was stored meanwhile, instead of silently replacing it.
   */
  baseVersion: number | null
}

/**
 * What a submission says it started from: the reader's own read while the case waits for review (a returned case
 * is resubmitted on top of it; the patient has no accepted version then), else the accepted version the case was
 * loaded with (null: none).
 */
export function submissionBaseVersion(patient: Pick<PatientDetail, 'annotation_version' | 'masks'>): number | null {
  return patient.masks.read?.version ?? patient.annotation_version
}

function submitBody({ mask, timeSpentS, baseVersion }: SubmitAnnotationInput): SubmitBody {
  return {
    mask: new File([mask as BlobPart], 'mask.nii', { type: 'application/octet-stream' }),
    time_spent_s: Number(timeSpentS.toFixed(1)),
    base_version: baseVersion,
  }
}

export function buildSubmitForm(input: SubmitAnnotationInput): FormData {
  return toFormData(submitBody(input))
}

export function submitAnnotation(patientId: string, input: SubmitAnnotationInput) {
  return unwrap(
    client.POST('/api/patients/{patient_id}/annotations', {
      params: { path: { patient_id: patientId } },
      body: submitBody(input),
      bodySerializer: toFormData,
    }),
  )
}

export function useSubmitAnnotation(patientId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SubmitAnnotationInput) => submitAnnotation(patientId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['queue'] })
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] })
    },
  })
}
