import { useStartRound } from '../api/start-round'

/** Starts a round with the project's saved settings; a 409 (one already running) shows the server's reason. */
export function StartRoundButton({ projectId, disabled }: { projectId: string; disabled?: boolean }) {
  const start = useStartRound(projectId)
  return (
    <div className="start-round">
      <button type="button" onClick={() => start.mutate({})} disabled={disabled || start.isPending}>
        {start.isPending ? 'Starting…' : 'Start round'}
      </button>
      {start.error && (
        <p role="alert" className="error">
          {start.error.message}
        </p>
      )}
      {start.data && <p role="status">Round {start.data.number} started.</p>}
    </div>
  )
}
