import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { client, unwrap } from '@/lib/api-client'
import type { components } from '@/types/openapi.gen'

type Schemas = components['schemas']

const KEY = ['admin', 'users']

const forUser = (id: string) => ({ params: { path: { user_id: id } } })

export function useUsers() {
  return useQuery({ queryKey: KEY, queryFn: ({ signal }) => unwrap(client.GET('/api/admin/users', { signal })) })
}

export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Schemas['UserCreate']) => unwrap(client.POST('/api/admin/users', { body: input })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  })
}

export function useUpdateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: string } & Schemas['UserUpdate']) =>
      unwrap(client.PATCH('/api/admin/users/{user_id}', { ...forUser(id), body: patch })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  })
}

export function useResetPassword() {
  return useMutation({
    mutationFn: async ({ id, password }: { id: string } & Schemas['PasswordReset']): Promise<void> => {
      await client.POST('/api/admin/users/{user_id}/password', { ...forUser(id), body: { password } })
    },
  })
}
