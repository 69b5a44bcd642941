import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { CostMode, Project } from '@/types/api'

export interface BudgetInput {
  cost_per_patient?: number
  cost_mode?: CostMode
  cost_per_slice?: number
  cost_per_hour?: number
  budget_total?: number
}

export const updateBudget = (projectId: string, input: BudgetInput) =>
  api.patch<Project>(`/api/projects/${encodeURIComponent(projectId)}/budget`, input)

export function useUpdateBudget(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: BudgetInput) => updateBudget(projectId, input),
    onSuccess: (project) => {
      queryClient.setQueryData(['projects', projectId], project)
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
      void queryClient.invalidateQueries({ queryKey: ['queue'] })
    },
  })
}
