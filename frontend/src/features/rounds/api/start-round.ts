import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Round } from '@/types/api'
import type { components } from '@/types/openapi.gen'

/** Unset fields take the project's settings. */
export type StartRoundInput = components['schemas']['RoundCreate']

export const startRound = (projectId: string, input: StartRoundInput): Promise<Round> =>
  unwrap(client.POST('/api/projects/{project_id}/rounds', { params: { path: { project_id: projectId } }, body: input }))

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
