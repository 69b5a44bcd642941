import { describeTiming } from '@/features/rounds/utils/round-eta'
import { describeRoundState } from '@/features/rounds/utils/round-status'
import type { Project, Round } from '@/types/api'

/**
 * Rounds running in the reader's projects, so an empty queue says why and when cases will come: the queue polls,
 * and refreshes at once when a round finishes (see the queue route).
 */
export function RunningRounds({ running, now }: { running: { project: Project; round: Round }[]; now: number }) {
  if (running.length === 0) return null
  return (
    <section className="card" aria-labelledby="running-rounds-title" data-testid="running-rounds">
      <h2 id="running-rounds-title">Rounds in progress</h2>
      <ul>
        {running.map(({ project, round }) => {
          const percent = round.progress?.percent
          return (
            <li key={round.id} data-testid="running-round">
              <strong>{project.name}</strong>: round {round.number} is {describeRoundState(round)} (
              {describeTiming(round, now)}).{' '}
              {typeof percent === 'number' && (
                <progress max={100} value={percent} aria-label={`Round ${round.number} of ${project.name}`} />
              )}
            </li>
          )
        })}
      </ul>
      <p className="muted">Its cases appear in this queue as soon as it finishes and its selection is published.</p>
    </section>
  )
}
