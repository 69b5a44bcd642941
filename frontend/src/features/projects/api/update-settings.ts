import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Project, SelectionObjective } from '@/types/api'

export interface SettingsInput {
  strategy?: string
  batch_size?: number
  auto_publish?: boolean
  genesis_enabled?: boolean
  selection_objective?: SelectionObjective
  /** 0 < x ≤ 1; null clears it. */
  target_dice?: number | null
  /** Expected Dice gain per 100 currency units below which the forecast says stop (≥ 0); null clears it. */
  stop_gain_per_100?: number | null
}

export const updateSettings = (projectId: string, input: SettingsInput) =>
  api.patch<Project>(`/api/projects/${encodeURIComponent(projectId)}/settings`, input)

export function useUpdateSettings(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SettingsInput) => updateSettings(projectId, input),
    onSuccess: (project) => {
      queryClient.setQueryData(['projects', projectId], project)
      // The forecast's target and stop threshold are the project's settings (the dashboard is under this key).
      void queryClient.invalidateQueries({ queryKey: ['projects'] })
    },
  })
}
