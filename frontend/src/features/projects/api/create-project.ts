import { useMutation, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { Project, ProjectCreateInput } from '@/types/api'

export const createProject = (input: ProjectCreateInput): Promise<Project> =>
  unwrap(client.POST('/api/projects', { body: input }))

export function useCreateProject() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createProject,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['projects'] }),
  })
}
