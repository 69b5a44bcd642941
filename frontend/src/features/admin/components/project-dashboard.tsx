import { useMemo } from 'react'
import { formatDateTime, formatScore } from '@/lib/format'
import type { ProjectDashboard } from '@/types/api'
import { useDashboard } from '../api/get-dashboard'
import { dicePerLabelConfig, efficiencyConfig, formatSeconds, uncertaintyConfig } from '../utils/charts'
import { LazyChart } from './chart'
import { ForecastPanel } from './forecast-panel'
import { RandomBaseline } from './random-baseline'

function RoundsTimeline({ board }: { board: ProjectDashboard }) {
  const longest = Math.max(1, ...board.rounds.map((r) => r.duration_s ?? 0))
  return (
    <table data-testid="rounds-timeline">
      <caption>Rounds timeline</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">State</th>
          <th scope="col">Strategy</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Trained on</th>
          <th scope="col">Selected</th>
          <th scope="col">Val Dice</th>
        </tr>
      </thead>
      <tbody>
        {board.rounds.map((r) => (
          <tr key={r.id} data-status={r.status}>
            <td>{r.number}</td>
            <td>
              <span className={`status status-${r.status}`}>{r.status}</span>
              {r.progress?.stage && r.status !== 'closed' && r.status !== 'ready' && (
                <span className="muted">
                  {' '}
                  · {r.progress.stage}{' '}
                  {typeof r.progress.percent === 'number' ? `${Math.round(r.progress.percent)}%` : ''}
                </span>
              )}
              {r.error && <div className="error-cell">{r.error}</div>}
            </td>
            <td>{r.strategy}</td>
            <td>{formatDateTime(r.started_at ?? r.created_at)}</td>
            <td>
              <span
                aria-hidden="true"
                style={{
                  display: 'inline-block',
                  height: '0.6rem',
                  width: `${Math.max(2, Math.round(((r.duration_s ?? 0) / longest) * 120))}px`,
                  background: 'var(--accent)',
                  marginRight: '0.4rem',
                }}
              />
              {formatSeconds(r.duration_s)}
            </td>
            <td>{r.n_train ?? '–'}</td>
            <td>{r.n_selected ?? '–'}</td>
            <td>{formatScore(r.val_dice)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function ThroughputTable({ board }: { board: ProjectDashboard }) {
  if (board.throughput.length === 0) return <p>No human annotations yet.</p>
  return (
    <table data-testid="throughput">
      <caption>Per-radiologist throughput</caption>
      <thead>
        <tr>
          <th scope="col">Reader</th>
          <th scope="col">Patients annotated</th>
          <th scope="col">Cases per hour</th>
          <th scope="col">Median time per case</th>
        </tr>
      </thead>
      <tbody>
        {board.throughput.map((t) => (
          <tr key={t.username}>
            <td>{t.username}</td>
            <td>{t.cases}</td>
            <td>{t.cases_per_hour ?? '–'}</td>
            <td>{formatSeconds(t.median_seconds)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The admin's (and the lead's) view of whether active learning is paying off for one project. */
export function ProjectDashboardView({ projectId }: { projectId: string }) {
  const dashboard = useDashboard(projectId)
  const board = dashboard.data
  const configs = useMemo(
    () =>
      board
        ? {
            dice: dicePerLabelConfig(board),
            efficiency: efficiencyConfig(board),
            uncertainty: uncertaintyConfig(board),
          }
        : null,
    [board],
  )
  if (dashboard.isPending) return <p role="status">Loading dashboard…</p>
  if (dashboard.error) return <p role="alert">{dashboard.error.message}</p>
  if (!board || !configs) return null
  return (
    <div data-testid="project-dashboard">
      <p className="muted">
        {board.running ? (
          <strong role="status">A round is running; this page updates every 2 s.</strong>
        ) : (
          'No round running.'
        )}{' '}
        Updated {formatDateTime(board.generated_at)}.
      </p>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Rounds</h2>
        {board.rounds.length === 0 ? <p>No rounds yet.</p> : <RoundsTimeline board={board} />}
      </section>
      <ForecastPanel forecast={board.forecast} readingTime={board.reading_time} rounds={board.efficiency} />
      <div className="card-grid">
        <section className="card" aria-labelledby="efficiency-title">
          <h2 id="efficiency-title">Label efficiency</h2>
          <p className="muted">Validation Dice against patients annotated.</p>
          {board.efficiency.length === 0 ? (
            <p>No finished round yet.</p>
          ) : (
            <LazyChart config={configs.efficiency} label="Label-efficiency curve" testId="efficiency-chart" />
          )}
          <RandomBaseline projectId={projectId} board={board} />
        </section>
        <section className="card" aria-labelledby="dice-title">
          <h2 id="dice-title">Validation Dice per label</h2>
          {board.efficiency.length === 0 ? (
            <p>No finished round yet.</p>
          ) : (
            <LazyChart config={configs.dice} label="Validation Dice per label per round" testId="dice-chart" />
          )}
        </section>
        <section className="card" aria-labelledby="uncertainty-title">
          <h2 id="uncertainty-title">Uncertainty scores</h2>
          {board.uncertainty.length === 0 ? (
            <p>No scored round yet.</p>
          ) : (
            <LazyChart
              config={configs.uncertainty}
              label="Histogram of uncertainty scores per round"
              testId="uncertainty-chart"
            />
          )}
        </section>
        <section className="card" aria-labelledby="throughput-title">
          <h2 id="throughput-title">Throughput</h2>
          <ThroughputTable board={board} />
        </section>
      </div>
    </div>
  )
}
