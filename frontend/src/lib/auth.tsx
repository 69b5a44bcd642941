/** Session state: who is logged in (GET /api/auth/me), login/logout, and where each role lands. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import type { Role, User } from '@/types/api'
import { ApiError, client, unwrap } from './api-client'

export const meQueryOptions = queryOptions({
  queryKey: ['auth', 'me'],
  // A 401 here simply means "not logged in", so it resolves to null instead of throwing.
  queryFn: async (): Promise<User | null> => {
    try {
      return await unwrap(client.GET('/api/auth/me'))
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  },
  staleTime: 60_000,
})

export function useUser() {
  return useQuery(meQueryOptions)
}

export function homeForRole(role: Role): string {
  switch (role) {
    case 'lead':
      return '/projects'
    case 'radiologist':
      return '/queue'
    case 'admin':
      return '/admin'
  }
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      unwrap(client.POST('/api/auth/login', { body: credentials })),
    onSuccess: (data) => {
      queryClient.clear()
      queryClient.setQueryData(meQueryOptions.queryKey, data.user)
    },
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => {
      await client.POST('/api/auth/logout')
    },
    onSettled: () => {
      queryClient.clear()
      queryClient.setQueryData(meQueryOptions.queryKey, null)
    },
  })
}

/** Renders its children only for a logged-in user whose role is allowed; everyone else is sent on. */
export function RequireAuth({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { data: user, isPending, error } = useUser()
  const location = useLocation()
  if (isPending) return <p role="status">Loading…</p>
  if (error) return <p role="alert">Could not check your session: {error.message}</p>
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />
  if (roles && !roles.includes(user.role)) return <Navigate to={homeForRole(user.role)} replace />
  return children
}
