import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Split } from '@/types/api'

export function useSetSplit(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ patientId, split }: { patientId: string; split: Split }) =>
      unwrap(
        client.PATCH('/api/patients/{patient_id}', { params: { path: { patient_id: patientId } }, body: { split } }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId] }),
  })
}
