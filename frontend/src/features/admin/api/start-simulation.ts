import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { RandomSimulation } from '@/types/api'

export interface StartSimulationInput {
  seeds?: number
}

const simulationUrl = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/simulations/random`

export const startRandomSimulation = (projectId: string, input: StartSimulationInput) =>
  api.post<RandomSimulation>(simulationUrl(projectId), input)

export const cancelRandomSimulation = (projectId: string) =>
  api.post<RandomSimulation>(`${simulationUrl(projectId)}/cancel`, {})

/** Starts the simulated random-selection baseline; the dashboard then polls its progress. */
export function useStartRandomSimulation(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: StartSimulationInput) => startRandomSimulation(projectId, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'dashboard'] }),
  })
}

/** Stops a queued or running baseline; a running worker stops at its next epoch and keeps the points so far. */
export function useCancelRandomSimulation(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => cancelRandomSimulation(projectId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects', projectId, 'dashboard'] }),
  })
}
