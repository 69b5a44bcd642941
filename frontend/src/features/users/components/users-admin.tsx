import { type FormEvent, useState } from 'react'
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

function UserRow({ user, isMe }: { user: AdminUser; isMe: boolean }) {
  const update = useUpdateUser()
  const reset = useResetPassword()
  const [password, setPassword] = useState('')
  const error = update.error ?? reset.error

  return (
    <tr data-testid={`user-${user.username}`}>
      <td>
        {user.username}
        {isMe && <span className="muted"> (you)</span>}
      </td>
      <td>
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
      </td>
      <td>{user.is_active ? 'active' : <strong>deactivated</strong>}</td>
      <td>{formatDateTime(user.created_at)}</td>
      <td>
        <button
          type="button"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: user.id, is_active: !user.is_active })}
        >
          {user.is_active ? 'Deactivate' : 'Reactivate'}
        </button>
      </td>
      <td>
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
        {error && (
          <p role="alert" className="error">
            {error.message}
          </p>
        )}
      </td>
    </tr>
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
        <table data-testid="users-table">
          <caption>Users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Access</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} isMe={user.id === me?.id} />
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
