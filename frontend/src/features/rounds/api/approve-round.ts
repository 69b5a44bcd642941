import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Round } from '@/types/api'

/** Publishes a round in review; `patientIds` replaces its proposed selection (it must fit the remaining budget). */
export const approveRound = (roundId: string, patientIds: string[]): Promise<Round> =>
  unwrap(
    client.POST('/api/rounds/{round_id}/approve', {
      params: { path: { round_id: roundId } },
      body: { patient_ids: patientIds },
    }),
  )

export function useApproveRound(projectId: string, roundId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patientIds: string[]) => approveRound(roundId, patientIds),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId] })
      void queryClient.invalidateQueries({ queryKey: ['rounds', roundId] })
      void queryClient.invalidateQueries({ queryKey: ['queue'] })
    },
  })
}
