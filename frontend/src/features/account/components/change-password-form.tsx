import { type FormEvent, useState } from 'react'
import { useUser } from '@/lib/auth'
import { useChangePassword } from '../api/account'
import { PASSWORD_MIN_LENGTH, newPasswordProblem, passwordChangedMessage } from '../utils/account'

/** Change your own password. The server's refusals (wrong current password, too weak: zxcvbn's advice) are shown
 * as it words them; success ends your other sessions, and the form says how many. */
export function ChangePasswordForm() {
  const { data: user } = useUser()
  const change = useChangePassword()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  function submit(event: FormEvent) {
    event.preventDefault()
    setDone(null)
    const found = newPasswordProblem(current, next, confirm)
    setProblem(found)
    if (found !== null) return
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: (result) => {
          setCurrent('')
          setNext('')
          setConfirm('')
          setDone(passwordChangedMessage(result.sessions_ended))
        },
      },
    )
  }

  const error = problem ?? change.error?.message ?? null
  return (
    <form
      className="card account-form"
      aria-labelledby="password-title"
      data-testid="change-password"
      onSubmit={submit}
    >
      <h2 id="password-title">Change password</h2>
      {/* Lets password managers file the new password under the right account. */}
      <input
        type="text"
        className="visually-hidden"
        autoComplete="username"
        value={user?.username ?? ''}
        readOnly
        tabIndex={-1}
        aria-hidden="true"
      />
      <label htmlFor="current-password">Current password</label>
      <input
        id="current-password"
        type="password"
        required
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <label htmlFor="new-password">New password</label>
      <input
        id="new-password"
        type="password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        autoComplete="new-password"
        aria-describedby="new-password-policy"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      <label htmlFor="confirm-password">New password again</label>
      <input
        id="confirm-password"
        type="password"
        required
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
      />
      <p id="new-password-policy" className="muted">
        At least {PASSWORD_MIN_LENGTH} characters and hard to guess: not a common password, word or date, and not built
        from your username. Your other sessions end when it changes.
      </p>
      {error && (
        <p role="alert" className="error" data-testid="password-error">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="flash" data-testid="password-changed">
          {done}
        </p>
      )}
      <button type="submit" className="primary" disabled={change.isPending}>
        {change.isPending ? 'Changing…' : 'Change password'}
      </button>
    </form>
  )
}
