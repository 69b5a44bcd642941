import { ChangePasswordForm } from '@/features/account/components/change-password-form'
import { SessionsTable } from '@/features/account/components/sessions-table'
import { useUser } from '@/lib/auth'

/** Every logged-in user's own account: password and live sessions. */
export function AccountRoute() {
  const { data: user } = useUser()
  return (
    <>
      <h1>Your account {user && <span className="muted">({user.username})</span>}</h1>
      <ChangePasswordForm />
      <SessionsTable />
    </>
  )
}
