import { useCallback, useMemo } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
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
import { PatientFilterBar } from '@/features/projects/components/patient-filter-bar'
import { PatientsTable } from '@/features/projects/components/patients-table'
import { ProjectSummary } from '@/features/projects/components/project-summary'
import { ProjectTabs } from '@/features/projects/components/project-tabs'
import { SegCodingCard } from '@/features/projects/components/seg-coding-form'
import { SettingsForm } from '@/features/projects/components/settings-form'
import { SkipsPanel } from '@/features/projects/components/skips-panel'
import {
  describeMatches,
  type FilterParam,
  filtersFromParams,
  hasFilters,
  withFilter,
  withoutFilters,
} from '@/features/projects/utils/patient-filters'
import { type ProjectTab, tabFromParam } from '@/features/projects/utils/tabs'
import { POLL_MS, useRounds } from '@/features/rounds/api/get-rounds'
import { BackbonePretraining } from '@/features/rounds/components/backbone-pretraining'
import { RoundReview } from '@/features/rounds/components/round-review'
import { hasPublishedSelection, RoundSelection } from '@/features/rounds/components/round-selection'
import { RoundsTable } from '@/features/rounds/components/rounds-table'
import { StartRoundButton } from '@/features/rounds/components/start-round-button'
import { anyRoundRunning } from '@/features/rounds/utils/round-status'
import { LoadMore } from '@/components/load-more'
import { pageRows } from '@/lib/paging'
import type { Project, Round } from '@/types/api'

function RoundsTab({ project, rounds, running }: { project: Project; rounds: Round[] | undefined; running: boolean }) {
  const published = (rounds ?? []).filter(hasPublishedSelection).sort((a, b) => b.number - a.number)
  return (
    <>
      <section aria-labelledby="rounds-title">
        <h2 id="rounds-title">Active-learning rounds</h2>
        <StartRoundButton projectId={project.id} disabled={running} />
        <BackbonePretraining projectId={project.id} />
        {rounds && <RoundsTable rounds={rounds} />}
        {rounds
          ?.filter((round) => round.status === 'review')
          .map((round) => (
            <RoundReview
              key={round.id}
              projectId={project.id}
              round={round}
              budgetRemaining={project.budget_remaining}
              currency={project.currency}
            />
          ))}
      </section>
      {published.length > 0 && (
        <section aria-labelledby="selections-title">
          <h2 id="selections-title">What each round selected</h2>
          {published.map((round, index) => (
            <RoundSelection key={round.id} round={round} currency={project.currency} initiallyOpen={index === 0} />
          ))}
        </section>
      )}
      <SettingsForm project={project} />
    </>
  )
}

function PatientsTab({
  project,
  rounds,
  pacsConnected,
}: {
  project: Project
  rounds: Round[] | undefined
  pacsConnected: boolean
}) {
  // The filters live in the URL next to the tab, so a link or a reload reproduces the view.
  const [params, setParams] = useSearchParams()
  const filters = filtersFromParams(params)
  const patients = usePatients(project.id, filters)
  const rows = useMemo(() => pageRows(patients.data?.pages), [patients.data])
  const setSplit = useSetSplit(project.id)
  const setFilter = useCallback(
    (name: FilterParam, value: string | undefined) =>
      setParams((current) => withFilter(current, name, value), { replace: name === 'q', preventScrollReset: true }),
    [setParams],
  )
  const clearFilters = useCallback(
    () => setParams((current) => withoutFilters(current), { preventScrollReset: true }),
    [setParams],
  )
  return (
    <>
      <section aria-labelledby="patients-title">
        <h2 id="patients-title">Patients</h2>
        <PatientFilterBar filters={filters} rounds={rounds ?? []} onChange={setFilter} onClear={clearFilters} />
        {patients.error && (
          <p role="alert" className="error">
            {patients.error.message}
          </p>
        )}
        {setSplit.error && (
          <p role="alert" className="error">
            {setSplit.error.message}
          </p>
        )}
        {patients.data && (
          <>
            <p className="muted" role="status" data-testid="patient-matches">
              {describeMatches(rows.length, hasFilters(filters), patients.hasNextPage)}
              {patients.isPlaceholderData && ' (updating…)'}
            </p>
            <PatientsTable
              patients={rows}
              projectId={project.id}
              currency={project.currency}
              empty={hasFilters(filters) ? 'No patient matches these filters.' : undefined}
              busy={setSplit.isPending}
              viewerLinks
              // Only a de-identifying project can hold pseudonyms (it cannot be turned off once it does).
              identity={
                project.deidentify
                  ? (patient) => (
                      <RealIdentity
                        projectId={project.id}
                        patientId={patient.id}
                        pseudonym={patient.external_id}
                        compact
                      />
                    )
                  : undefined
              }
              onSetSplit={(patient, split) => setSplit.mutate({ patientId: patient.id, split })}
            />
            <LoadMore
              hasMore={patients.hasNextPage}
              loading={patients.isFetchingNextPage}
              onLoad={() => void patients.fetchNextPage()}
              testId="patients-load-more"
              what="patients"
            />
          </>
        )}
      </section>
      <AnnotationsPanel projectId={project.id} pacsConnected={pacsConnected} />
    </>
  )
}

function ImportExportTab({ project, pacsConnected }: { project: Project; pacsConnected: boolean }) {
  return (
    <>
      <ImportForm projectId={project.id} />
      <section className="card" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>
          Accepted labels of every annotated patient: <ExportMenu projectId={project.id} />
        </p>
      </section>
      <section aria-labelledby="integration-title">
        <h2 id="integration-title">Hospital integration</h2>
        {pacsConnected && (
          <p>
            <Link to={`/projects/${project.id}/pacs`}>Import from PACS</Link>
          </p>
        )}
        <div className="form-row integration">
          <PacsConnectionCard projectId={project.id} />
          <DeidentifyForm project={project} />
          <SegCodingCard projectId={project.id} />
        </div>
      </section>
    </>
  )
}

/**
 * The lead's project page, in tabs (overview, rounds, patients, readers, budget, import/export) rather than one long
 * scroll; the tab is in the URL (`?tab=budget`) so a link or a reload opens the same one.
 */
export function ProjectDetailRoute() {
  const { projectId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const tab = tabFromParam(params.get('tab'))
  const rounds = useRounds(projectId)
  const running = anyRoundRunning(rounds.data)
  // While a round runs, counts and the active round on the card change too.
  const project = useProject(projectId, running ? POLL_MS : false)
  const pacs = useConnection(projectId)
  const pacsConnected = Boolean(pacs.data)

  function select(next: ProjectTab) {
    setParams(
      (current) => {
        const updated = new URLSearchParams(current)
        if (next === 'overview') updated.delete('tab')
        else updated.set('tab', next)
        return updated
      },
      { preventScrollReset: true },
    )
  }

  if (project.isPending) return <p role="status">Loading project…</p>
  if (project.error) return <p role="alert">{project.error.message}</p>
  const p = project.data
  return (
    <>
      <p className="project-links">
        <Link to="/projects">← All projects</Link> · <Link to={`/projects/${p.id}/dashboard`}>Dashboard</Link>
      </p>
      <h1>{p.name}</h1>
      {rounds.error && <p role="alert">{rounds.error.message}</p>}
      <ProjectTabs selected={tab} onSelect={select}>
        {tab === 'overview' && (
          <>
            <ProjectSummary project={p} />
            <SkipsPanel projectId={p.id} />
          </>
        )}
        {tab === 'rounds' && <RoundsTab project={p} rounds={rounds.data} running={running} />}
        {tab === 'patients' && <PatientsTab project={p} rounds={rounds.data} pacsConnected={pacsConnected} />}
        {tab === 'readers' && <MembersForm projectId={p.id} />}
        {tab === 'budget' && (
          <>
            <BudgetForm project={p} />
            <LedgerPanel projectId={p.id} currency={p.currency} />
          </>
        )}
        {tab === 'import-export' && <ImportExportTab project={p} pacsConnected={pacsConnected} />}
      </ProjectTabs>
    </>
  )
}
