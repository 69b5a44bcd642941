import { useMemo } from 'react'
import { DataTable } from '@/components/data-table'
import { PatientCounts } from '@/features/projects/components/patient-counts'
import { describeRoundState } from '@/features/rounds/utils/round-status'
import { formatDateTime, formatScore, formatSeconds } from '@/lib/format'
import type { ProjectDashboard } from '@/types/api'
import { useDashboard } from '../api/get-dashboard'
import { dicePerLabelConfig, efficiencyConfig, uncertaintyConfig } from '../utils/charts'
import { agreementCell } from '../utils/reader-quality'
import { LazyChart } from './chart'
import { ForecastPanel } from './forecast-panel'
import { RandomBaseline } from './random-baseline'

function RoundsTimeline({ board }: { board: ProjectDashboard }) {
  const longest = Math.max(1, ...board.rounds.map((r) => r.duration_s ?? 0))
  return (
    <DataTable
      rows={board.rounds}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ 'data-status': r.status })}
      caption="Rounds timeline"
      testId="rounds-timeline"
      columns={[
        { header: '#', cell: (r) => r.number },
        {
          header: 'State',
          cell: (r) => (
            <>
              <span className={`status status-${r.status}`} data-testid="round-state">
                {describeRoundState(r)}
              </span>
              {r.error && <div className="error-cell">{r.error}</div>}
            </>
          ),
        },
        { header: 'Strategy', cell: (r) => r.strategy },
        { header: 'Started', cell: (r) => formatDateTime(r.started_at ?? r.created_at) },
        {
          header: 'Duration',
          cell: (r) => (
            <>
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
            </>
          ),
        },
        { header: 'Trained on', cell: (r) => r.n_train ?? '–' },
        { header: 'Selected', cell: (r) => r.n_selected ?? '–' },
        { header: 'Val Dice', cell: (r) => formatScore(r.val_dice) },
      ]}
    />
  )
}

function ReviewersTable({ board }: { board: ProjectDashboard }) {
  return (
    <DataTable
      rows={board.reviewers}
      rowKey={(r) => r.username}
      caption="Review decisions per reviewer"
      testId="reviewers"
      empty="No review decisions yet."
      columns={[
        { header: 'Reviewer', cell: (r) => r.username },
        { header: 'Accepted', cell: (r) => r.accepted },
        { header: 'Of which edited', cell: (r) => r.edited },
        { header: 'Returned', cell: (r) => r.returned },
        { header: 'Active time', cell: (r) => formatSeconds(r.hours * 3600) },
      ]}
    />
  )
}

function ThroughputTable({ board }: { board: ProjectDashboard }) {
  return (
    <DataTable
      rows={board.throughput}
      rowKey={(t) => t.username}
      caption="Per-radiologist throughput"
      testId="throughput"
      empty="No human annotations yet."
      columns={[
        { header: 'Reader', cell: (t) => t.username },
        { header: 'Patients annotated', cell: (t) => t.cases },
        { header: 'Cases per hour', cell: (t) => t.cases_per_hour ?? '–' },
        { header: 'Median time per case', cell: (t) => formatSeconds(t.median_seconds) },
        {
          header: (
            <span title="Mean Dice with the other reader of the same cases (double reading)">
              Agreement with other reader
            </span>
          ),
          cell: (t) => agreementCell(t.agreement_with_readers, t.cases_read_twice),
          testId: 'throughput-agreement-readers',
        },
        {
          header: (
            <span title="Mean Dice of the reader's reads with the masks the reviewers accepted">
              Agreement with accepted
            </span>
          ),
          cell: (t) => agreementCell(t.agreement_with_accepted, t.cases_reviewed),
          testId: 'throughput-agreement-accepted',
        },
        { header: 'Returned', cell: (t) => t.returned, testId: 'throughput-returned' },
      ]}
    />
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
      <p>
        <PatientCounts counts={board.counts} />
      </p>
      <section className="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Rounds</h2>
        {board.rounds.length === 0 ? <p>No rounds yet.</p> : <RoundsTimeline board={board} />}
      </section>
      <ForecastPanel
        forecast={board.forecast ?? null}
        readingTime={board.reading_time ?? null}
        rounds={board.efficiency}
        currency={board.currency}
      />
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
      </div>
      {/* Full width: with the agreement columns the reader table is wider than a chart's card. */}
      <section className="card" aria-labelledby="throughput-title">
        <h2 id="throughput-title">Throughput</h2>
        <ThroughputTable board={board} />
      </section>
      {board.reviewers.length > 0 && (
        <section className="card" aria-labelledby="reviewers-title">
          <h2 id="reviewers-title">Review</h2>
          <ReviewersTable board={board} />
        </section>
      )}
    </div>
  )
}
