import { formatDateTime } from '@/lib/format'
import type { ProjectDashboard } from '@/types/api'
import { useCancelRandomSimulation, useStartRandomSimulation } from '../api/start-simulation'
import { isSimulationActive, replayCaveat, simulationProgressText } from '../utils/simulation'

/**
 * The "would random picking have done as well?" control under the label-efficiency curve: starts the simulated
 * random-selection baseline and shows its progress (the dashboard polls every 2 s while it runs) or how the last
 * one ended. The server refuses (409) with its reason when the project cannot be simulated yet.
 */
export function RandomBaseline({ projectId, board }: { projectId: string; board: ProjectDashboard }) {
  const start = useStartRandomSimulation(projectId)
  const cancel = useCancelRandomSimulation(projectId)
  const error = start.error ?? cancel.error
  const simulation = board.simulation
  const active = isSimulationActive(simulation)
  const curve = board.random_curve
  return (
    <div className="random-baseline" data-testid="random-baseline">
      <p className="muted">
        The random baseline replays this project&apos;s rounds with one change: the patients each round selected are
        replaced by as many randomly drawn patients with ground truth (annotations or hidden reference labels). It
        starts from the same initial patients and starting weights, trains each round with that round&apos;s settings
        and validation patients, and fine-tunes the previous round&apos;s model as the rounds do, once per seed. At the
        initial size both curves therefore agree up to seed noise; later gaps are what the selection bought.
      </p>
      <button type="button" onClick={() => start.mutate({})} disabled={active || start.isPending}>
        {start.isPending ? 'Starting…' : 'Simulate random baseline'}
      </button>
      {simulation && active && (
        <p role="status">
          {simulationProgressText(simulation)}{' '}
          <progress
            max={100}
            value={simulation.progress.percent ?? 0}
            aria-label="Simulation progress"
            data-testid="simulation-progress"
          />{' '}
          <button type="button" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel'}
          </button>
        </p>
      )}
      {simulation?.status === 'cancelled' && (
        <p className="muted">The last simulation was cancelled; the points it finished are kept.</p>
      )}
      {simulation?.status === 'failed' && (
        <p role="alert" className="error">
          The last simulation failed: {simulation.error ?? 'unknown error'}
        </p>
      )}
      {simulation?.status === 'succeeded' && simulation.finished_at && (
        <p className="muted">Last simulated {formatDateTime(simulation.finished_at)}.</p>
      )}
      {curve && (
        <p className="muted">
          {curve.ground_truth} pool patients with ground truth, {curve.seeds} seed(s) per round
          {curve.skipped.length > 0 && `; not enough ground truth for ${curve.skipped.join(', ')} patients`}
          {replayCaveat(curve)}.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </div>
  )
}
