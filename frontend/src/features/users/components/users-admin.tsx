import { type FormEvent, useState } from 'react'
import { DataTable } from '@/components/data-table'
import { useUser } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import type { AdminUser, Role } from '@/types/api'
import { useCreateUser, useResetPassword, useUpdateUser, useUsers } from '../api/users'

const ROLES: Role[] = ['radiologist', 'lead', 'admin']
/** The server's password policy (backend/user/password_policy.py), said up front; its refusals explain themselves. */
const PASSWORD_MIN_LENGTH = 12
const PASSWORD_POLICY = `At least ${PASSWORD_MIN_LENGTH} characters; not a common password and not built from the username.`

function CreateUserForm() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<Role>('radiologist')
  const create = useCreateUser()

  function submit(event: FormEvent) {
    event.preventDefault()
    create.mutate(
      { username: username.trim(), password, role },
      {
        onSuccess: () => {
          setUsername('')
          setPassword('')
        },
      },
    )
  }

  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">New user</h2>
      <label htmlFor="new-username">Username</label>
      <input id="new-username" required minLength={2} value={username} onChange={(e) => setUsername(e.target.value)} />
      <label htmlFor="new-password">Initial password</label>
      <input
        id="new-password"
        type="password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        autoComplete="new-password"
        aria-describedby="password-policy"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <p id="password-policy" className="muted">
        {PASSWORD_POLICY}
      </p>
      <label htmlFor="new-role">Role</label>
      <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
      {create.error && (
        <p role="alert" className="error">
          {create.error.message}
        </p>
      )}
      {create.isSuccess && <p role="status">User {create.data.username} created.</p>}
    </form>
  )
}

/** A failed change, shown in the cell of the control that made it. */
function CellError({ error }: { error: Error | null }) {
  if (!error) return null
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  )
}

function RoleSelect({ user }: { user: AdminUser }) {
  const update = useUpdateUser()
  return (
    <>
      <select
        aria-label={`Role of ${user.username}`}
        value={user.role}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ id: user.id, role: e.target.value as Role })}
      >
        {ROLES.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
      <CellError error={update.error} />
    </>
  )
}

function AccessToggle({ user }: { user: AdminUser }) {
  const update = useUpdateUser()
  return (
    <>
      <button
        type="button"
        disabled={update.isPending}
        onClick={() => update.mutate({ id: user.id, is_active: !user.is_active })}
      >
        {user.is_active ? 'Deactivate' : 'Reactivate'}
      </button>
      <CellError error={update.error} />
    </>
  )
}

function PasswordReset({ user }: { user: AdminUser }) {
  const reset = useResetPassword()
  const [password, setPassword] = useState('')
  return (
    <>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          reset.mutate({ id: user.id, password }, { onSuccess: () => setPassword('') })
        }}
      >
        <input
          type="password"
          minLength={PASSWORD_MIN_LENGTH}
          required
          title={PASSWORD_POLICY}
          autoComplete="new-password"
          aria-label={`New password for ${user.username}`}
          placeholder="new password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <button type="submit" disabled={reset.isPending}>
          Reset password
        </button>
      </form>
      {reset.isSuccess && <span role="status">Password changed.</span>}
      <CellError error={reset.error} />
    </>
  )
}

/** Create accounts, change roles, deactivate and reset passwords. */
export function UsersAdmin() {
  const users = useUsers()
  const { data: me } = useUser()
  return (
    <>
      <CreateUserForm />
      {users.error && <p role="alert">{users.error.message}</p>}
      {users.data && (
        <DataTable
          rows={users.data}
          rowKey={(user) => user.id}
          rowProps={(user) => ({ 'data-testid': `user-${user.username}` })}
          caption="Users"
          testId="users-table"
          columns={[
            {
              header: 'Username',
              cell: (user) => (
                <>
                  {user.username}
                  {user.id === me?.id && <span className="muted"> (you)</span>}
                </>
              ),
            },
            { header: 'Role', cell: (user) => <RoleSelect user={user} /> },
            { header: 'Status', cell: (user) => (user.is_active ? 'active' : <strong>deactivated</strong>) },
            { header: 'Created', cell: (user) => formatDateTime(user.created_at) },
            { header: 'Access', cell: (user) => <AccessToggle user={user} /> },
            { header: 'Password', cell: (user) => <PasswordReset user={user} /> },
          ]}
        />
      )}
    </>
  )
}
