import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Project } from '@/types/api'
import type { components } from '@/types/openapi.gen'

/** Every field optional; `target_dice` and `stop_gain_per_100` set to null clear the stored value. */
export type SettingsInput = components['schemas']['SettingsUpdate']

export const updateSettings = (projectId: string, input: SettingsInput): Promise<Project> =>
  unwrap(
    client.PATCH('/api/projects/{project_id}/settings', { params: { path: { project_id: projectId } }, body: input }),
  )

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
