import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Project, ProjectCreateInput } from '@/types/api'

export const createProject = (input: ProjectCreateInput) => api.post<Project>('/api/projects', input)

export function useCreateProject() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects'] }),
  })
}
