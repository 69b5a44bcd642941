import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Project } from '@/types/api'

export interface SettingsInput {
  strategy?: string
  batch_size?: number
  auto_publish?: boolean
  genesis_enabled?: boolean
}

export const updateSettings = (projectId: string, input: SettingsInput) =>
  api.patch<Project>(`/api/projects/${encodeURIComponent(projectId)}/settings`, input)

export function useUpdateSettings(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SettingsInput) => updateSettings(projectId, input),
    onSuccess: (project) => {
      queryClient.setQueryData(['projects', projectId], project)
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
    },
  })
}
