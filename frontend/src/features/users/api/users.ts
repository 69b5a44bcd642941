import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AdminUser, Role } from '@/types/api'

const KEY = ['admin', 'users']

export function useUsers() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => api.get<AdminUser[]>('/api/admin/users', signal) })
}

export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { username: string; password: string; role: Role }) =>
      api.post<AdminUser>('/api/admin/users', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  })
}

export function useUpdateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string; role?: Role; is_active?: boolean }) =>
      api.patch<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`, patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  })
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      api.post<void>(`/api/admin/users/${encodeURIComponent(id)}/password`, { password }),
  })
}
