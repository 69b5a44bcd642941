import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Round } from '@/types/api'

export interface StartRoundInput {
  strategy?: string
  batch_size?: number
}

export const startRound = (projectId: string, input: StartRoundInput) =>
  api.post<Round>(`/api/projects/${encodeURIComponent(projectId)}/rounds`, input)

export function useStartRound(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: StartRoundInput) => startRound(projectId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'rounds'] })
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
    },
  })
}
