import { Link, useParams } from 'react-router'
import { usePatients } from '@/features/projects/api/get-patients'
import { useProject } from '@/features/projects/api/get-project'
import { useSetSplit } from '@/features/projects/api/update-patient'
import { AnnotationsPanel } from '@/features/projects/components/annotations-table'
import { BudgetForm } from '@/features/projects/components/budget-form'
import { ImportForm } from '@/features/projects/components/import-form'
import { LedgerPanel } from '@/features/projects/components/ledger-panel'
import { MembersForm } from '@/features/projects/components/members-form'
import { PatientsTable } from '@/features/projects/components/patients-table'
import { ProjectSummary } from '@/features/projects/components/project-summary'
import { SettingsForm } from '@/features/projects/components/settings-form'
import { SkipsPanel } from '@/features/projects/components/skips-panel'
import { POLL_MS, useRounds } from '@/features/rounds/api/get-rounds'
import { RoundReview } from '@/features/rounds/components/round-review'
import { RoundsTable } from '@/features/rounds/components/rounds-table'
import { StartRoundButton } from '@/features/rounds/components/start-round-button'
import { anyRoundRunning } from '@/features/rounds/utils/round-status'

export function ProjectDetailRoute() {
  const { projectId = '' } = useParams()
  const rounds = useRounds(projectId)
  const running = anyRoundRunning(rounds.data)
  // While a round runs, counts and the active round on the card change too.
  const project = useProject(projectId, running ? POLL_MS : false)
  const patients = usePatients(projectId)
  const setSplit = useSetSplit(projectId)

  if (project.isPending) return <p role="status">Loading project…</p>
  if (project.error) return <p role="alert">{project.error.message}</p>
  const p = project.data
  return (
    <>
      <p>
        <Link to="/projects">← All projects</Link> · <Link to={`/projects/${p.id}/dashboard`}>Dashboard</Link> ·{' '}
        <a href={`/api/projects/${encodeURIComponent(p.id)}/export`} download data-testid="export-labels">
          Export labels (NIfTI zip)
        </a>
      </p>
      <ProjectSummary project={p} />
      <div className="form-row">
        {/* Keyed on the saved values so the forms reset to what the server stored after a save. */}
        <BudgetForm
          key={`${p.cost_mode}-${p.cost_per_patient}-${p.cost_per_slice}-${p.cost_per_hour}-${p.budget_total}`}
          project={p}
        />
        <SettingsForm
          key={[
            p.strategy,
            p.batch_size,
            p.auto_publish,
            p.genesis_enabled,
            p.selection_objective,
            p.target_dice,
            p.stop_gain_per_100,
          ].join('-')}
          project={p}
        />
      </div>
      <section aria-labelledby="rounds-title">
        <h2 id="rounds-title">Active-learning rounds</h2>
        <StartRoundButton projectId={p.id} disabled={running} />
        {rounds.error && <p role="alert">{rounds.error.message}</p>}
        {rounds.data && <RoundsTable rounds={rounds.data} />}
        {rounds.data
          ?.filter((round) => round.status === 'review')
          .map((round) => (
            <RoundReview key={round.id} projectId={p.id} round={round} budgetRemaining={p.budget_remaining} />
          ))}
      </section>
      <SkipsPanel projectId={p.id} />
      <AnnotationsPanel projectId={p.id} />
      <LedgerPanel projectId={p.id} />
      <MembersForm projectId={p.id} />
      <ImportForm projectId={p.id} />
      <section aria-labelledby="patients-title">
        <h2 id="patients-title">Patients</h2>
        {patients.error && <p role="alert">{patients.error.message}</p>}
        {setSplit.error && (
          <p role="alert" className="error">
            {setSplit.error.message}
          </p>
        )}
        {patients.data && (
          <PatientsTable
            patients={patients.data}
            busy={setSplit.isPending}
            viewerLinks
            onSetSplit={(patient, split) => setSplit.mutate({ patientId: patient.id, split })}
          />
        )}
      </section>
    </>
  )
}
