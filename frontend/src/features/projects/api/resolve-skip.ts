import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { SkipRecord } from '@/types/api'

/** The lead returns a skipped patient to the queue (resolves its open skip). */
export const resolveSkip = (patientId: string) =>
  api.post<SkipRecord>(`/api/patients/${encodeURIComponent(patientId)}/skip/resolve`)

export function useResolveSkip(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patientId: string) => resolveSkip(patientId),
    // The project prefix also refreshes the skips list, the patients table and the counts on the card.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId] }),
  })
}
