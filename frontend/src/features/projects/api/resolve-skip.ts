import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'

/** The lead returns a skipped patient to the queue (resolves its open skip). */
export const resolveSkip = (patientId: string) =>
  unwrap(client.POST('/api/patients/{patient_id}/skip/resolve', { params: { path: { patient_id: patientId } } }))

export function useResolveSkip(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patientId: string) => resolveSkip(patientId),
    // The project prefix also refreshes the skips list, the patients table and the counts on the card.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId] }),
  })
}
