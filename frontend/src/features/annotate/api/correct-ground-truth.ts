import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AnnotationCreated } from '@/types/api'

export interface CorrectGroundTruthInput {
  /** An uncompressed NIfTI on the image's voxel grid. */
  mask: Uint8Array
  /** Why the ground truth changes; the server audits it with the version it replaces. */
  reason: string
  /** The accepted version the drawing started from (PatientDetail.annotation_version; null: none). */
  baseVersion: number | null
}

export function buildCorrectionForm({ mask, reason, baseVersion }: CorrectGroundTruthInput): FormData {
  const form = new FormData()
  form.append('mask', new Blob([mask as BlobPart], { type: 'application/octet-stream' }), 'mask.nii')
  form.append('reason', reason.trim())
  if (baseVersion !== null) form.append('base_version', String(baseVersion))
  return form
}

/** A lead's or admin's audited correction of any patient's ground truth, validation and imported included. */
export function correctGroundTruth(patientId: string, input: CorrectGroundTruthInput) {
  return api.postForm<AnnotationCreated>(
    `/api/patients/${encodeURIComponent(patientId)}/ground-truth`,
    buildCorrectionForm(input),
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
