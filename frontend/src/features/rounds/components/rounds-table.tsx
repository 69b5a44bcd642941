import { DataTable } from '@/components/data-table'
import { formatDateTime, formatDuration, formatScore } from '@/lib/format'
import { useNow } from '@/lib/use-now'
import type { Round } from '@/types/api'
import { describeTiming } from '../utils/round-eta'
import { describeRoundState, isRoundRunning } from '../utils/round-status'

/** `lead` shows progress and errors; `admin` adds timing, strategy and selection size for the dashboard. */
export function RoundsTable({ rounds, variant = 'lead' }: { rounds: Round[]; variant?: 'lead' | 'admin' }) {
  const admin = variant === 'admin'
  return (
    <DataTable
      rows={rounds}
      rowKey={(round) => round.id}
      rowProps={(round) => ({ 'data-status': round.status })}
      caption="Rounds"
      testId="rounds-table"
      empty="No rounds yet."
      columns={[
        { header: '#', cell: (round) => round.number },
        {
          header: 'State',
          cell: (round) => (
            <>
              <span className={`status status-${round.status}`} data-testid="round-state">
                {describeRoundState(round)}
              </span>
              {isRoundRunning(round.status) && <RunningProgress round={round} />}
            </>
          ),
        },
        admin && { header: 'Strategy', cell: (round) => round.strategy },
        admin && { header: 'Started', cell: (round) => formatDateTime(round.started_at) },
        admin && { header: 'Finished', cell: (round) => formatDateTime(round.finished_at) },
        admin && { header: 'Duration', cell: (round) => formatDuration(round.started_at, round.finished_at) },
        { header: 'Val Dice', cell: (round) => formatScore(round.metrics?.val_dice) },
        admin && { header: 'Selected', cell: (round) => round.metrics?.n_selected ?? '–' },
        { header: 'Error', cell: (round) => round.error ?? '', className: 'error-cell' },
      ]}
    />
  )
}

/** The bar, elapsed time and estimate of a running round (re-rendered by the page's poll while it runs). */
function RunningProgress({ round }: { round: Round }) {
  const percent = round.progress?.percent
  const now = useNow()
  return (
    <span className="muted" data-testid="round-eta">
      {' '}
      {typeof percent === 'number' && <progress max={100} value={percent} aria-label={`Round ${round.number}`} />}{' '}
      {describeTiming(round, now)}
    </span>
  )
}
