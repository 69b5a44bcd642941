import { type FormEvent, useEffect, useState } from 'react'
import type { User } from '@/types/api'
import { ApiError } from '@/lib/api-client'
import { useLogin } from '@/lib/auth'

/** Seconds left before the server accepts another attempt, counting down from its `Retry-After`. */
function useLockout(error: Error | null): number {
  const [left, setLeft] = useState(0)
  useEffect(() => {
    const seconds = error instanceof ApiError && error.status === 429 ? (error.retryAfterSeconds ?? 0) : 0
    setLeft(seconds)
    if (seconds <= 0) return
    const until = Date.now() + seconds * 1000
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000))
      setLeft(remaining)
      if (remaining === 0) window.clearInterval(timer)
    }, 1000)
    return () => window.clearInterval(timer)
  }, [error])
  return left
}

export function LoginForm({ onLoggedIn }: { onLoggedIn: (user: User) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const login = useLogin()
  const lockedFor = useLockout(login.error)

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
      <button type="submit" disabled={login.isPending || lockedFor > 0}>
        {login.isPending ? 'Signing in…' : lockedFor > 0 ? `Sign in (wait ${lockedFor} s)` : 'Sign in'}
      </button>
    </form>
  )
}
