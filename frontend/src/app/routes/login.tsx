import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { LoginForm } from '@/features/auth/components/login-form'
import { homeForRole, useUser } from '@/lib/auth'
import type { User } from '@/types/api'

/** Only same-app paths are honoured as `next`, so a crafted link cannot bounce the user off-site. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : null
}

export function LoginRoute() {
  const { data: user } = useUser()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  if (user) return <Navigate to={next ?? homeForRole(user.role)} replace />
  return <LoginForm onLoggedIn={(u: User) => void navigate(next ?? homeForRole(u.role), { replace: true })} />
}
