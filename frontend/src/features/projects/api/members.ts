import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, apiFetch } from '@/lib/api-client'
import type { ProjectMemberInfo, UserBrief } from '@/types/api'

export interface MemberAssignment {
  user_id: string
  quota: number | null
}

export function useMembers(projectId: string) {
  return useQuery({
    queryKey: ['projects', projectId, 'members'],
    queryFn: ({ signal }) =>
      api.get<ProjectMemberInfo[]>(`/api/projects/${encodeURIComponent(projectId)}/members`, signal),
  })
}

/** Readers a lead may assign (active radiologists and leads). */
export function useAssignableUsers() {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => api.get<UserBrief[]>('/api/users', signal),
  })
}

export function useSetMembers(projectId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (members: MemberAssignment[]) =>
      apiFetch<ProjectMemberInfo[]>(`/api/projects/${encodeURIComponent(projectId)}/members`, {
        method: 'PUT',
        json: { members },
      }),
    onSuccess: (members) => queryClient.setQueryData(['projects', projectId, 'members'], members),
  })
}
