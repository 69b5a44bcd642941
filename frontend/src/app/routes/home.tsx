import { Navigate } from 'react-router'
import { homeForRole, useUser } from '@/lib/auth'

export function HomeRoute() {
  const { data: user } = useUser()
  return <Navigate to={user ? homeForRole(user.role) : '/login'} replace />
}
