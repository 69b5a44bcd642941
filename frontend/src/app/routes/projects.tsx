import { useState } from 'react'
import { useProjects } from '@/features/projects/api/get-projects'
import { CreateProjectForm } from '@/features/projects/components/create-project-form'
import { ProjectSummary } from '@/features/projects/components/project-summary'

export function ProjectsRoute() {
  const projects = useProjects()
  const [creating, setCreating] = useState(false)
  return (
    <>
      <h1>Projects</h1>
      <p>
        <button type="button" aria-expanded={creating} onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'New project'}
        </button>
      </p>
      {creating && <CreateProjectForm />}
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
