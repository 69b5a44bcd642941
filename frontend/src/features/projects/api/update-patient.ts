import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PatientSummary } from '@/types/api'

export function useSetSplit(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ patientId, split }: { patientId: string; split: PatientSummary['split'] }) =>
      api.patch<PatientSummary>(`/api/patients/${encodeURIComponent(patientId)}`, { split }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId] }),
  })
}
