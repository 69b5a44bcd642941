/** Session state: who is logged in (GET /api/auth/session), login/logout, and where each role lands. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Navigate, useLocation } from 'react-router'
import type { Role, SessionState, User } from '@/types/api'
import { client, unwrap } from './api-client'

export const meQueryOptions = queryOptions({
  queryKey: ['auth', 'me'],
  // The session probe answers an anonymous visitor with `user: null` (200), so the login page costs no failed
  // request; /api/auth/me would answer 401, which every browser logs as an error.
  queryFn: ({ signal }): Promise<SessionState> => unwrap(client.GET('/api/auth/session', { signal })),
  staleTime: 60_000,
})

const selectUser = (session: SessionState): User | null => session.user
const selectReviews = (session: SessionState): boolean => session.user !== null && session.reviews === true

export function useUser() {
  return useQuery({ ...meQueryOptions, select: selectUser })
}

/** Whether the caller reviews masks in some project (lead, admin, or a radiologist marked reviewer there). */
export function useIsReviewer(): boolean {
  return useQuery({ ...meQueryOptions, select: selectReviews }).data ?? false
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
      // Who logged in is known now; whether they review anywhere comes with the session probe, asked at once.
      queryClient.setQueryData(meQueryOptions.queryKey, { user: data.user, reviews: false, pending_reviews: 0 })
      void queryClient.invalidateQueries({ queryKey: meQueryOptions.queryKey })
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
      queryClient.setQueryData(meQueryOptions.queryKey, { user: null, reviews: false, pending_reviews: 0 })
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
