import type { Blocker } from 'react-router'

/** Asks before an in-app navigation drops unsaved changes (shown while the router's blocker holds it). */
export function LeaveDialog({ blocker, message }: { blocker: Blocker; message: string }) {
  if (blocker.state !== 'blocked') return null
  return (
    <div role="alertdialog" aria-labelledby="leave-title" className="card leave-dialog" data-testid="leave-dialog">
      <p id="leave-title">{message}</p>
      <button type="button" onClick={() => blocker.proceed()}>
        Leave
      </button>
      <button type="button" className="primary" onClick={() => blocker.reset()} autoFocus>
        Stay
      </button>
    </div>
  )
}
