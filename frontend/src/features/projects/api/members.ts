import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { components } from '@/types/openapi.gen'

export type MemberAssignment = components['schemas']['MemberAssignment']

const inProject = (projectId: string) => ({ params: { path: { project_id: projectId } } })

export function useMembers(projectId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'members'],
    queryFn: ({ signal }) =>
      unwrap(client.GET('/api/projects/{project_id}/members', { ...inProject(projectId), signal })),
  })
}

/** Readers a lead may assign (active radiologists and leads). */
export function useAssignableUsers() {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => unwrap(client.GET('/api/users', { signal })),
  })
}

export function useSetMembers(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (members: MemberAssignment[]) =>
      unwrap(client.PUT('/api/projects/{project_id}/members', { ...inProject(projectId), body: { members } })),
    onSuccess: (members) => queryClient.setQueryData(['projects', projectId, 'members'], members),
  })
}
