import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AnnotationCreated } from '@/types/api'

export interface SubmitAnnotationInput {
  /** An uncompressed NIfTI on the image's voxel grid. */
  mask: Uint8Array
  timeSpentS: number
  /**
   * The accepted version the case was loaded with (PatientDetail.annotation_version; null: none). The server
   * answers 409 when another version was accepted meanwhile, instead of silently replacing it.
   */
  baseVersion: number | null
}

export function buildSubmitForm({ mask, timeSpentS, baseVersion }: SubmitAnnotationInput): FormData {
  const form = new FormData()
  form.append('mask', new Blob([mask as BlobPart], { type: 'application/octet-stream' }), 'mask.nii')
  form.append('time_spent_s', timeSpentS.toFixed(1))
  if (baseVersion !== null) form.append('base_version', String(baseVersion))
  return form
}

export function submitAnnotation(patientId: string, input: SubmitAnnotationInput) {
  const form = buildSubmitForm(input)
  return api.postForm<AnnotationCreated>(`/api/patients/${encodeURIComponent(patientId)}/annotations`, form)
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
