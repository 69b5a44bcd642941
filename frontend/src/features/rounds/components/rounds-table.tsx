import { formatDateTime, formatDuration, formatScore } from '@/lib/format'
import type { Round } from '@/types/api'
import { describeProgress, isRoundRunning } from '../utils/round-status'

/** `lead` shows progress and errors; `admin` adds timing, strategy and selection size for the dashboard. */
export function RoundsTable({ rounds, variant = 'lead' }: { rounds: Round[]; variant?: 'lead' | 'admin' }) {
  if (rounds.length === 0) return <p>No rounds yet.</p>
  const admin = variant === 'admin'
  return (
    <table data-testid="rounds-table">
      <caption>Rounds</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Status</th>
          {admin && <th scope="col">Strategy</th>}
          <th scope="col">Progress</th>
          {admin && <th scope="col">Started</th>}
          {admin && <th scope="col">Finished</th>}
          {admin && <th scope="col">Duration</th>}
          <th scope="col">Val Dice</th>
          {admin && <th scope="col">Selected</th>}
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {rounds.map((round) => (
          <tr key={round.id} data-status={round.status}>
            <td>{round.number}</td>
            <td>
              <span className={`status status-${round.status}`}>
                {round.status}
                {isRoundRunning(round.status) && <span className="running"> · running</span>}
              </span>
            </td>
            {admin && <td>{round.strategy}</td>}
            <td>{describeProgress(round)}</td>
            {admin && <td>{formatDateTime(round.started_at)}</td>}
            {admin && <td>{formatDateTime(round.finished_at)}</td>}
            {admin && <td>{formatDuration(round.started_at, round.finished_at)}</td>}
            <td>{formatScore(round.metrics?.val_dice)}</td>
            {admin && <td>{round.metrics?.n_selected ?? '–'}</td>}
            <td className="error-cell">{round.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
