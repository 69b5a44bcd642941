import { Link, useParams } from 'react-router'
import { RealIdentity } from '@/features/identity/components/real-identity'
import { useConnection } from '@/features/pacs/api/connection'
import { PacsConnectionCard } from '@/features/pacs/components/pacs-connection-form'
import { usePatients } from '@/features/projects/api/get-patients'
import { useProject } from '@/features/projects/api/get-project'
import { useSetSplit } from '@/features/projects/api/update-patient'
import { AnnotationsPanel } from '@/features/projects/components/annotations-table'
import { BudgetForm } from '@/features/projects/components/budget-form'
import { DeidentifyForm } from '@/features/projects/components/deidentify-form'
import { ExportMenu } from '@/features/projects/components/export-menu'
import { ImportForm } from '@/features/projects/components/import-form'
import { LedgerPanel } from '@/features/projects/components/ledger-panel'
import { MembersForm } from '@/features/projects/components/members-form'
import { PatientsTable } from '@/features/projects/components/patients-table'
import { ProjectSummary } from '@/features/projects/components/project-summary'
import { SegCodingCard } from '@/features/projects/components/seg-coding-form'
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
  const pacs = useConnection(projectId)
  const pacsConnected = Boolean(pacs.data)

  if (project.isPending) return <p role="status">Loading project…</p>
  if (project.error) return <p role="alert">{project.error.message}</p>
  const p = project.data
  return (
    <>
      <p className="project-links">
        <Link to="/projects">← All projects</Link> · <Link to={`/projects/${p.id}/dashboard`}>Dashboard</Link>
        {pacsConnected && (
          <>
            {' '}
            · <Link to={`/projects/${p.id}/pacs`}>Import from PACS</Link>
          </>
        )}{' '}
        · <ExportMenu projectId={p.id} />
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
      <AnnotationsPanel projectId={p.id} pacsConnected={pacsConnected} />
      <LedgerPanel projectId={p.id} />
      <MembersForm projectId={p.id} />
      <section aria-labelledby="integration-title">
        <h2 id="integration-title">Hospital integration</h2>
        <div className="form-row integration">
          <PacsConnectionCard projectId={p.id} />
          <DeidentifyForm project={p} />
          <SegCodingCard projectId={p.id} />
        </div>
      </section>
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
            // Only a de-identifying project can hold pseudonyms (it cannot be turned off once it does).
            identity={
              p.deidentify
                ? (patient) => (
                    <RealIdentity projectId={p.id} patientId={patient.id} pseudonym={patient.external_id} compact />
                  )
                : undefined
            }
            onSetSplit={(patient, split) => setSplit.mutate({ patientId: patient.id, split })}
          />
        )}
      </section>
    </>
  )
}
