import { useProjects } from '@/features/projects/api/get-projects'
import { ProjectSummary } from '@/features/projects/components/project-summary'

export function ProjectsRoute() {
  const projects = useProjects()
  return (
    <>
      <h1>Projects</h1>
      {projects.isPending && <p role="status">Loading projects…</p>}
      {projects.error && <p role="alert">{projects.error.message}</p>}
      {projects.data?.length === 0 && <p>You are not a member of any project yet.</p>}
      <div className="card-grid">
        {projects.data?.map((project) => (
          <ProjectSummary key={project.id} project={project} linkToDetail />
        ))}
      </div>
    </>
  )
}
