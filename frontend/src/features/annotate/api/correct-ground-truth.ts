import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, toFormData, unwrap } from '@/lib/api-client'
import type { components } from '@/types/openapi.gen'

type CorrectionBody = components['schemas']['Body_correct_ground_truth_api_patients__patient_id__ground_truth_post']

export interface CorrectGroundTruthInput {
  /** An uncompressed NIfTI on the image's voxel grid. */
  mask: Uint8Array
  /** Why the ground truth changes; the server audits it with the version it replaces. */
  reason: string
  /** The accepted version the drawing started from (PatientDetail.annotation_version; null: none). */
  baseVersion: number | null
}

function correctionBody({ mask, reason, baseVersion }: CorrectGroundTruthInput): CorrectionBody {
  return {
    mask: new File([mask as BlobPart], 'mask.nii', { type: 'application/octet-stream' }),
    reason: reason.trim(),
    base_version: baseVersion,
  }
}

export function buildCorrectionForm(input: CorrectGroundTruthInput): FormData {
  return toFormData(correctionBody(input))
}

/** A lead's or admin's audited correction of any patient's ground truth, validation and imported included. */
export function correctGroundTruth(patientId: string, input: CorrectGroundTruthInput) {
  return unwrap(
    client.POST('/api/patients/{patient_id}/ground-truth', {
      params: { path: { patient_id: patientId } },
      body: correctionBody(input),
      bodySerializer: toFormData,
    }),
  )
}

export function useCorrectGroundTruth(patientId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CorrectGroundTruthInput) => correctGroundTruth(patientId, input),
    onSuccess: () => {
      // The patient's accepted version, the project's patient and annotation lists and the queue all change.
      void queryClient.invalidateQueries({ queryKey: ['patients', patientId] })
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
      void queryClient.invalidateQueries({ queryKey: ['queue'] })
    },
  })
}
