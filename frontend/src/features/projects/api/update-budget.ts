import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Project } from '@/types/api'
import type { components } from '@/types/openapi.gen'

export type BudgetInput = components['schemas']['BudgetUpdate']

export const updateBudget = (projectId: string, input: BudgetInput): Promise<Project> =>
  unwrap(
    client.PATCH('/api/projects/{project_id}/budget', { params: { path: { project_id: projectId } }, body: input }),
  )

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
