import { Link, useParams, useSearchParams } from 'react-router'
import { AuditLog } from '@/features/admin/components/audit-log'
import { HealthPanel } from '@/features/admin/components/health-panel'
import { ProjectDashboardView } from '@/features/admin/components/project-dashboard'
import { useProjects } from '@/features/projects/api/get-projects'
import { PatientCounts } from '@/features/projects/components/patient-counts'
import { UsersAdmin } from '@/features/users/components/users-admin'
import { formatMoney } from '@/lib/format'

/** The admin dashboard: pick a project (the first by default), see its rounds and curves, and worker health. */
export function AdminRoute() {
  const projects = useProjects(10_000)
  const [params, setParams] = useSearchParams()
  const chosen = params.get('project') ?? projects.data?.[0]?.id ?? null
  const project = projects.data?.find((p) => p.id === chosen)
  return (
    <>
      <h1>Rounds dashboard</h1>
      {projects.isPending && <p role="status">Loading projects…</p>}
      {projects.error && <p role="alert">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p>No projects yet.</p>}
      {projects.data && projects.data.length > 0 && (
        <p className="inline-form">
          <label htmlFor="dashboard-project">Project</label>
          <select
            id="dashboard-project"
            value={chosen ?? ''}
            onChange={(e) => setParams({ project: e.target.value }, { replace: true })}
          >
            {projects.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {project && (
            <span className="muted">
              {project.modality} · <PatientCounts counts={project.counts} /> · budget spent{' '}
              {formatMoney(project.budget_spent, project.currency)} of{' '}
              {formatMoney(project.budget_total, project.currency)}
            </span>
          )}
        </p>
      )}
      <HealthPanel />
      {chosen && <ProjectDashboardView key={chosen} projectId={chosen} />}
    </>
  )
}

/** The same dashboard for a project lead, reached from the project page. */
export function ProjectDashboardRoute() {
  const { projectId = '' } = useParams()
  return (
    <>
      <p>
        <Link to={`/projects/${projectId}`}>← Project</Link>
      </p>
      <h1>Project dashboard</h1>
      <ProjectDashboardView projectId={projectId} />
    </>
  )
}

export function AuditRoute() {
  return (
    <>
      <h1>Audit log</h1>
      <AuditLog />
    </>
  )
}

export function UsersRoute() {
  return (
    <>
      <h1>Users</h1>
      <UsersAdmin />
    </>
  )
}
