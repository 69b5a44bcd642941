import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { PasswordChangeInput } from '@/types/api'

export const sessionsQueryOptions = queryOptions({
  queryKey: ['auth', 'sessions'],
  queryFn: ({ signal }) => unwrap(client.GET('/api/auth/sessions', { signal })),
})

/** The caller's live sessions, newest first. */
export function useMySessions() {
  return useQuery(sessionsQueryOptions)
}

/** Change your own password; the server ends every other session of yours and says how many. */
export function useChangePassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: PasswordChangeInput) => unwrap(client.POST('/api/auth/password', { body: input })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsQueryOptions.queryKey }),
  })
}
