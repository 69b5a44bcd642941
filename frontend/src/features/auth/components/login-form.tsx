import { type FormEvent, useState } from 'react'
import type { User } from '@/types/api'
import { useLogin } from '@/lib/auth'

export function LoginForm({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const login = useLogin()

  function submit(event: FormEvent) {
    event.preventDefault()
    login.mutate({ username, password }, { onSuccess: (data) => onLoggedIn(data.user) })
  }

  return (
    <form className="card login-form" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">Sign in to Radloop</h1>
      <label htmlFor="username">Username</label>
      <input
        id="username"
        name="username"
        autoComplete="username"
        required
        value={username}
        onChange={(e) => setUsername(e.target.value)}
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {login.error && (
        <p role="alert" className="error">
          {login.error.message}
        </p>
      )}
      <button type="submit" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
