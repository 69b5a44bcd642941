import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AnnotationCreated } from '@/types/api'

export interface SubmitAnnotationInput {
  /** An uncompressed NIfTI on the image's voxel grid. */
  mask: Uint8Array
  timeSpentS: number
}

export function submitAnnotation(patientId: string, { mask, timeSpentS }: SubmitAnnotationInput) {
  const form = new FormData()
  form.append('mask', new Blob([mask as BlobPart], { type: 'application/octet-stream' }), 'mask.nii')
  form.append('time_spent_s', timeSpentS.toFixed(1))
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
