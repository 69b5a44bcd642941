import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { RandomSimulation } from '@/types/api'

export interface StartSimulationInput {
  seeds?: number
}

export const startRandomSimulation = (projectId: string, input: StartSimulationInput) =>
  api.post<RandomSimulation>(`/api/projects/${encodeURIComponent(projectId)}/simulations/random`, input)

/** Starts the simulated random-selection baseline; the dashboard then polls its progress. */
export function useStartRandomSimulation(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: StartSimulationInput) => startRandomSimulation(projectId, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'dashboard'] }),
  })
}
