import { type FormEvent, useEffect, useState } from 'react'
import type { User } from '@/types/api'
import { ApiError } from '@/lib/api-client'
import { useLogin } from '@/lib/auth'

/** Seconds left before the server accepts another attempt, counting down from its `Retry-After`. */
function useLockout(error: Error | null): number {
  const seconds = error instanceof ApiError && error.status === 429 ? (error.retryAfterSeconds ?? 0) : 0
  // The countdown belongs to the error it counts for; a new error starts from its own `Retry-After` at once.
  const [countdown, setCountdown] = useState<{ error: Error; left: number } | null>(null)
  useEffect(() => {
    if (!error || seconds <= 0) return
    const until = Date.now() + seconds * 1000
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, Math.ceil((until - Date.now()) / 1000))
      setCountdown({ error, left: remaining })
      if (remaining === 0) window.clearInterval(timer)
    }, 1000)
    return () => window.clearInterval(timer)
  }, [error, seconds])
  return countdown !== null && countdown.error === error ? countdown.left : seconds
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
