import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AuthSession, PasswordChanged, PasswordChangeInput } from '@/types/api'

export const sessionsQueryOptions = queryOptions({
  queryKey: ['auth', 'sessions'],
  queryFn: ({ signal }) => api.get<AuthSession[]>('/api/auth/sessions', signal),
})

/** The caller's live sessions, newest first. */
export function useMySessions() {
  return useQuery(sessionsQueryOptions)
}

/** Change your own password; the server ends every other session of yours and says how many. */
export function useChangePassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: PasswordChangeInput) => api.post<PasswordChanged>('/api/auth/password', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsQueryOptions.queryKey }),
  })
}
