import { useProjects } from '@/features/projects/api/get-projects'
import { useRounds } from '@/features/rounds/api/get-rounds'
import { RoundsTable } from '@/features/rounds/components/rounds-table'
import { formatMoney } from '@/lib/format'
import type { Project } from '@/types/api'

function ProjectRounds({ project }: { project: Project }) {
  const rounds = useRounds(project.id)
  return (
    <section className="card" aria-labelledby={`admin-project-${project.id}`}>
      <h2 id={`admin-project-${project.id}`}>{project.name}</h2>
      <p className="muted">
        {project.modality} · {project.counts.annotated}/{project.counts.patients} annotated · budget spent{' '}
        {formatMoney(project.budget_spent)} of {formatMoney(project.budget_total)}
      </p>
      {rounds.error && <p role="alert">{rounds.error.message}</p>}
      {rounds.data && <RoundsTable rounds={rounds.data} variant="admin" />}
    </section>
  )
}

export function AdminRoute() {
  const projects = useProjects(10_000)
  return (
    <>
      <h1>Rounds dashboard</h1>
      {projects.isPending && <p role="status">Loading projects…</p>}
      {projects.error && <p role="alert">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p>No projects yet.</p>}
      {projects.data?.map((project) => (
        <ProjectRounds key={project.id} project={project} />
      ))}
    </>
  )
}
