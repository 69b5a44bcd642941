import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { RandomSimulation } from '@/types/api'
import type { components } from '@/types/openapi.gen'

export type StartSimulationInput = components['schemas']['SimulationCreate']

const inProject = (projectId: string) => ({ params: { path: { project_id: projectId } } })

export const startRandomSimulation = (projectId: string, input: StartSimulationInput): Promise<RandomSimulation> =>
  unwrap(client.POST('/api/projects/{project_id}/simulations/random', { ...inProject(projectId), body: input }))

export const cancelRandomSimulation = (projectId: string): Promise<RandomSimulation> =>
  unwrap(client.POST('/api/projects/{project_id}/simulations/random/cancel', inProject(projectId)))

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
